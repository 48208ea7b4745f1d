import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { API_KEY_SCOPES } from '../../../src/http/schemas/vendor-enums.js';
import { ApiError } from '../api.js';
import { Confirm } from '../components/confirm.js';
import { ErrorNotice } from '../components/error-notice.js';
import { allPages } from '../containers.js';
import { shortDate } from '../format.js';
import { useApi } from '../session.js';
import type { ApiKeyT } from '../types.js';
import { WorkspacesPanel } from './workspaces.js';

function Secret({ secret }: { secret: string }) {
  const [copied, setCopied] = useState(false);
  return (
    <div className="secret" role="status">
      <p>Copy the key now: it is not shown again.</p>
      <code data-testid="new-key-secret">{secret}</code>
      <button type="button" onClick={() => void navigator.clipboard.writeText(secret).then(() => setCopied(true), () => setCopied(false))}>Copy key</button>
      {copied ? <span> Copied.</span> : null}
    </div>
  );
}

export function ApiKeysScreen() {
  const api = useApi();
  const client = useQueryClient();
  const keys = useQuery({ queryKey: ['api-keys'], queryFn: () => allPages<ApiKeyT>(api, '/api/v2/api-keys') });
  // The API has no "who am I": an admin-only call that changes nothing tells whether this is the administrator key.
  const admin = useQuery({
    queryKey: ['is-admin'],
    queryFn: async () => {
      try {
        await api.call('PUT', '/api/v2/workspaces/00000000-0000-0000-0000-000000000000/lead-allowance', { lead_allowance: null });
        return true;
      } catch (error) {
        return error instanceof ApiError && error.status === 404;
      }
    },
    staleTime: Infinity,
  });
  const [name, setName] = useState('');
  const [scopes, setScopes] = useState<string[]>(['leads:all']);
  const [created, setCreated] = useState<ApiKeyT | null>(null);
  const [deleting, setDeleting] = useState<ApiKeyT | null>(null);
  const create = useMutation({
    mutationFn: () => api.call<ApiKeyT>('POST', '/api/v2/api-keys', { name: name.trim(), scopes }),
    onSuccess: async (key) => {
      setCreated(key);
      setName('');
      await client.invalidateQueries({ queryKey: ['api-keys'] });
    },
  });
  const remove = useMutation({
    mutationFn: (id: string) => api.call('DELETE', `/api/v2/api-keys/${id}`),
    onSuccess: () => client.invalidateQueries({ queryKey: ['api-keys'] }),
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (name.trim() !== '' && scopes.length > 0) create.mutate();
  };
  return (
    <section aria-labelledby="screen-title">
      <h1 id="screen-title">API keys</h1>
      <form className="key-form" onSubmit={submit}>
        <span className="field">
          <label htmlFor="key-name">Key name</label>
          <input id="key-name" value={name} onChange={(e) => setName(e.target.value)} />
        </span>
        <span className="field">
          <label htmlFor="key-scopes">Scopes</label>
          <select id="key-scopes" multiple size={8} value={scopes} onChange={(e) => setScopes([...e.target.selectedOptions].map((o) => o.value))}>
            {API_KEY_SCOPES.map((s) => <option key={s} value={s}>{s}</option>)}
          </select>
        </span>
        <button type="submit" disabled={create.isPending}>Create key</button>
      </form>
      <ErrorNotice error={create.error ?? remove.error ?? keys.error} />
      {created !== null ? <Secret secret={created.key} /> : null}
      <table className="grid">
        <thead><tr><th scope="col">Name</th><th scope="col">Key</th><th scope="col">Scopes</th><th scope="col">Created</th><th scope="col">Actions</th></tr></thead>
        <tbody>
          {(keys.data ?? []).map((key) => (
            <tr key={key.id}>
              <td>{key.name}</td>
              <td><code>{key.key}</code></td>
              <td>{key.scopes.join(', ')}</td>
              <td>{shortDate(key.timestamp_created)}</td>
              <td><button type="button" className="danger" aria-label={`Delete key ${key.name}`} onClick={() => setDeleting(key)}>Delete</button></td>
            </tr>
          ))}
        </tbody>
      </table>
      {deleting !== null ? (
        <Confirm confirmLabel="Delete key" onCancel={() => setDeleting(null)} onConfirm={() => { remove.mutate(deleting.id); setDeleting(null); }}>
          Delete the key “{deleting.name}”? Anything using it stops working at once.
        </Confirm>
      ) : null}
      {admin.data === true ? <WorkspacesPanel /> : null}
    </section>
  );
}
