import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import { useDeferredValue, useState, type FormEvent } from 'react';
import { downloadWithKey, query } from '../api.js';
import { ErrorNotice } from '../components/error-notice.js';
import { shortDate } from '../format.js';
import { useApi } from '../session.js';
import type { BlockEntryT, BulkBlockAnswer, PageOf } from '../types.js';

const BULK_LIMIT = 1000;

export function BlockListScreen() {
  const api = useApi();
  const client = useQueryClient();
  const [searchText, setSearchText] = useState('');
  const search = useDeferredValue(searchText.trim());
  const [value, setValue] = useState('');
  const [paste, setPaste] = useState('');
  const [message, setMessage] = useState<string | null>(null);
  const entries = useInfiniteQuery({
    queryKey: ['block-list', search],
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }) => api.call<PageOf<BlockEntryT>>('GET', `/api/v2/block-lists-entries${query({ limit: 100, search, starting_after: pageParam })}`),
    getNextPageParam: (last) => last.next_starting_after,
  });
  const refresh = () => client.invalidateQueries({ queryKey: ['block-list'] });
  const add = useMutation({
    mutationFn: (v: string) => api.call<BlockEntryT>('POST', '/api/v2/block-lists-entries', { bl_value: v }),
    onSuccess: async (entry) => {
      setValue('');
      setMessage(`Blocked ${entry.bl_value}.`);
      await refresh();
    },
  });
  const bulk = useMutation({
    mutationFn: async (values: string[]) => {
      let created = 0;
      let invalid = 0;
      for (let i = 0; i < values.length; i += BULK_LIMIT) {
        const answer = await api.call<BulkBlockAnswer>('POST', '/api/v2/block-lists-entries/bulk-create', { bl_values: values.slice(i, i + BULK_LIMIT) });
        created += answer.items.length;
        invalid += answer.invalid_count;
      }
      return { created, invalid };
    },
    onSuccess: async ({ created, invalid }) => {
      setPaste('');
      setMessage(`Added ${created} entries${invalid > 0 ? `; ${invalid} values were neither an e-mail nor a domain` : ''}.`);
      await refresh();
    },
  });
  const remove = useMutation({
    mutationFn: (id: string) => api.call('DELETE', `/api/v2/block-lists-entries/${id}`),
    onSuccess: refresh,
  });
  const download = useMutation({ mutationFn: () => downloadWithKey(api.key, '/api/v2/block-lists-entries/download', 'block-list.csv') });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (value.trim() !== '') add.mutate(value.trim());
  };
  const submitPaste = (event: FormEvent) => {
    event.preventDefault();
    const values = paste.split(/[\s,;]+/).map((v) => v.trim()).filter((v) => v !== '');
    if (values.length > 0) bulk.mutate(values);
  };
  const rows = entries.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <section aria-labelledby="screen-title">
      <h1 id="screen-title">Block list</h1>
      <form className="inline-form" onSubmit={submit}>
        <label htmlFor="block-value">Add e-mail or domain</label>
        <input id="block-value" value={value} onChange={(e) => setValue(e.target.value)} placeholder="name@example.com or example.com" />
        <button type="submit" disabled={add.isPending}>Add</button>
      </form>
      <form className="inline-form" onSubmit={submitPaste}>
        <label htmlFor="block-paste">Paste many (one per line)</label>
        <textarea id="block-paste" rows={3} value={paste} onChange={(e) => setPaste(e.target.value)} />
        <button type="submit" disabled={bulk.isPending}>Add all</button>
      </form>
      {message !== null ? <p role="status">{message}</p> : null}
      <ErrorNotice error={add.error ?? bulk.error ?? remove.error ?? download.error ?? entries.error} />
      <div className="toolbar">
        <span className="field">
          <label htmlFor="block-search">Search block list</label>
          <input id="block-search" type="search" value={searchText} onChange={(e) => setSearchText(e.target.value)} />
        </span>
        <button type="button" onClick={() => download.mutate()}>Download CSV</button>
      </div>
      <table className="grid">
        <thead><tr><th scope="col">Value</th><th scope="col">Kind</th><th scope="col">Added</th><th scope="col">Actions</th></tr></thead>
        <tbody>
          {rows.map((entry) => (
            <tr key={entry.id}>
              <td>{entry.bl_value}</td>
              <td>{entry.is_domain ? 'Domain' : 'E-mail'}</td>
              <td>{shortDate(entry.timestamp_created)}</td>
              <td><button type="button" className="danger" aria-label={`Delete ${entry.bl_value}`} onClick={() => remove.mutate(entry.id)}>Delete</button></td>
            </tr>
          ))}
        </tbody>
      </table>
      {entries.hasNextPage ? <button type="button" onClick={() => void entries.fetchNextPage()}>Load more</button> : null}
      {!entries.isPending && rows.length === 0 ? <p>The block list is empty.</p> : null}
    </section>
  );
}
