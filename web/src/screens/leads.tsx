import { useInfiniteQuery, useQueryClient } from '@tanstack/react-query';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useDeferredValue, useEffect, useMemo, useRef, useState } from 'react';
import { ContainerSelect } from '../components/container-select.js';
import { ErrorNotice } from '../components/error-notice.js';
import { containerValue, parseContainerValue, useContainerNames } from '../containers.js';
import { INTEREST, LEAD_STATUS, VERIFICATION, label, numberOf, shortDate } from '../format.js';
import { Link } from '../router.js';
import { useApi } from '../session.js';
import type { LeadFilterBody, LeadT, PageOf } from '../types.js';
import { BulkActions } from './lead-bulk-actions.js';

const PAGE_SIZE = 100;
const ROW_HEIGHT = 36;
const PREFETCH_ROWS = 300;

type FilterName = NonNullable<LeadFilterBody['filter']>;
const VERIFICATION_FILTERS: [FilterName, string][] = [['FILTER_VAL_VALID', 'Valid'], ['FILTER_VAL_RISKY', 'Risky'], ['FILTER_VAL_INVALID', 'Invalid']];
const INTEREST_FILTERS: [FilterName, string][] = [
  ['FILTER_LEAD_INTERESTED', 'Interested'], ['FILTER_LEAD_MEETING_BOOKED', 'Meeting booked'], ['FILTER_LEAD_MEETING_COMPLETED', 'Meeting completed'],
  ['FILTER_LEAD_CLOSED', 'Won'], ['FILTER_LEAD_OUT_OF_OFFICE', 'Out of office'], ['FILTER_LEAD_NOT_INTERESTED', 'Not interested'],
  ['FILTER_LEAD_WRONG_PERSON', 'Wrong person'], ['FILTER_LEAD_LOST', 'Lost'], ['FILTER_LEAD_NO_SHOW', 'No show'],
  ['FILTER_LEAD_CUSTOM_LABEL_POSITIVE', 'Custom label: positive'], ['FILTER_LEAD_CUSTOM_LABEL_NEGATIVE', 'Custom label: negative'],
];
const STATUS_FILTERS: [FilterName, string][] = [
  ['FILTER_VAL_CONTACTED', 'Contacted'], ['FILTER_VAL_NOT_CONTACTED', 'Not contacted'], ['FILTER_VAL_ACTIVE', 'Active'],
  ['FILTER_VAL_COMPLETED', 'Completed'], ['FILTER_VAL_UNSUBSCRIBED', 'Unsubscribed'], ['FILTER_VAL_BOUNCED', 'Bounced'],
  ['FILTER_VAL_SKIPPED', 'Skipped'], ['FILTER_VAL_IN_SUBSEQUENCE', 'In a subsequence'], ['FILTER_VAL_OPENED_NO_REPLY', 'Opened, no reply'],
  ['FILTER_VAL_COMPLETED_NO_REPLY', 'Completed, no reply'], ['FILTER_VAL_NO_OPENS', 'No opens'], ['FILTER_VAL_REPLIED', 'Replied'],
  ['FILTER_VAL_LINK_CLICKED', 'Link clicked'],
];

/**
 * The vendor's list takes one `filter` value: the three selects are views of it, and choosing
 * in one clears the others.
 */
function FilterSelect({ id, text, options, value, onChange }: { id: string; text: string; options: [FilterName, string][]; value: FilterName | undefined; onChange(v: FilterName | undefined): void }) {
  const mine = options.some(([v]) => v === value) ? value : '';
  return (
    <span className="field">
      <label htmlFor={id}>{text}</label>
      <select id={id} value={mine} onChange={(e) => onChange(e.target.value === '' ? undefined : (e.target.value as FilterName))}>
        <option value="">Any</option>
        {options.map(([v, name]) => <option key={v} value={v}>{name}</option>)}
      </select>
    </span>
  );
}

function initialContainer(): string {
  const params = new URLSearchParams(window.location.search);
  const list = params.get('list');
  const campaign = params.get('campaign');
  if (list !== null) return containerValue({ kind: 'list', id: list });
  if (campaign !== null) return containerValue({ kind: 'campaign', id: campaign });
  return '';
}

export function LeadsScreen() {
  const api = useApi();
  const client = useQueryClient();
  const names = useContainerNames();
  const [searchText, setSearchText] = useState('');
  const search = useDeferredValue(searchText.trim());
  const [container, setContainer] = useState(initialContainer);
  const [filter, setFilter] = useState<FilterName | undefined>(undefined);
  const [selected, setSelected] = useState<Map<string, LeadT>>(new Map());
  const [allMatching, setAllMatching] = useState(false);

  const body = useMemo<LeadFilterBody>(() => {
    const c = parseContainerValue(container);
    return {
      ...(search !== '' ? { search } : {}),
      ...(filter !== undefined ? { filter } : {}),
      ...(c?.kind === 'list' ? { list_id: c.id } : c?.kind === 'campaign' ? { campaign: c.id } : {}),
    };
  }, [search, filter, container]);

  // A new filter is a new selection: rows ticked under the old one may not match it.
  useEffect(() => {
    setSelected(new Map());
    setAllMatching(false);
  }, [body]);

  const leads = useInfiniteQuery({
    queryKey: ['leads', body],
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }) =>
      api.call<PageOf<LeadT>>('POST', '/api/v2/leads/list', { ...body, limit: PAGE_SIZE, ...(pageParam !== undefined ? { starting_after: pageParam } : {}) }),
    getNextPageParam: (last) => last.next_starting_after,
  });
  const rows = useMemo(() => leads.data?.pages.flatMap((p) => p.items) ?? [], [leads.data]);

  const scroller = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: leads.hasNextPage ? rows.length + 1 : rows.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 20,
  });
  const items = virtualizer.getVirtualItems();
  const lastIndex = items[items.length - 1]?.index ?? 0;
  // Keep about three pages ahead of the rows on screen: a fast scroll (~800 rows/s) then rarely
  // reaches the end of what is loaded (bench/console-bench.ts measures the waits).
  useEffect(() => {
    if (lastIndex >= rows.length - PREFETCH_ROWS && leads.hasNextPage && !leads.isFetchingNextPage) void leads.fetchNextPage();
  }, [lastIndex, rows.length, leads]);

  const toggle = (lead: LeadT) =>
    setSelected((old) => {
      const next = new Map(old);
      if (next.has(lead.id)) next.delete(lead.id);
      else next.set(lead.id, lead);
      return next;
    });
  const loadedAllTicked = rows.length > 0 && rows.every((r) => selected.has(r.id));
  const tickLoaded = () => setSelected(loadedAllTicked ? new Map() : new Map(rows.map((r) => [r.id, r])));

  const paddingTop = items[0]?.start ?? 0;
  const paddingBottom = virtualizer.getTotalSize() - (items[items.length - 1]?.end ?? 0);
  const where = (lead: LeadT) => {
    const id = lead.campaign ?? lead.list_id;
    return id ? (names.get(id) ?? id) : '';
  };

  return (
    <section aria-labelledby="screen-title" className="leads-screen">
      <h1 id="screen-title">Leads</h1>
      <div className="filters">
        <span className="field">
          <label htmlFor="lead-search">Search leads</label>
          <input id="lead-search" type="search" value={searchText} onChange={(e) => setSearchText(e.target.value)} placeholder="name or e-mail" />
        </span>
        <ContainerSelect id="lead-container" label="List or campaign" value={container} onChange={setContainer} emptyLabel="All lists and campaigns" />
        <FilterSelect id="filter-verification" text="Verification status" options={VERIFICATION_FILTERS} value={filter} onChange={setFilter} />
        <FilterSelect id="filter-interest" text="Interest status" options={INTEREST_FILTERS} value={filter} onChange={setFilter} />
        <FilterSelect id="filter-status" text="Lead status" options={STATUS_FILTERS} value={filter} onChange={setFilter} />
      </div>
      <BulkActions
        selection={allMatching ? { mode: 'all', filter: body } : { mode: 'rows', leads: [...selected.values()] }}
        count={allMatching ? null : selected.size}
        onChanged={() => client.invalidateQueries({ queryKey: ['leads'] })}
        onCleared={() => {
          setSelected(new Map());
          setAllMatching(false);
        }}
      />
      <div className="table-meta">
        <label>
          <input type="checkbox" checked={allMatching} onChange={(e) => setAllMatching(e.target.checked)} /> Select all matching
        </label>
        <span aria-live="polite">
          {leads.isPending ? 'Loading…' : `${numberOf(rows.length)}${leads.hasNextPage ? '+' : ''} ${rows.length === 1 && !leads.hasNextPage ? 'lead' : 'leads'}`}
        </span>
      </div>
      <ErrorNotice error={leads.error} />
      <div ref={scroller} className="lead-scroller" tabIndex={0} aria-label="Leads table, scroll to load more">
        <table className="grid leads" aria-rowcount={leads.hasNextPage ? -1 : rows.length + 1}>
          <thead>
            <tr>
              <th scope="col"><input type="checkbox" aria-label="Select loaded rows" checked={loadedAllTicked || allMatching} disabled={allMatching} onChange={tickLoaded} /></th>
              <th scope="col">Email</th><th scope="col">First name</th><th scope="col">Last name</th><th scope="col">Company</th>
              <th scope="col">List or campaign</th><th scope="col">Status</th><th scope="col">Verification</th><th scope="col">Interest</th><th scope="col">Created</th>
            </tr>
          </thead>
          <tbody>
            {paddingTop > 0 ? <tr aria-hidden="true" className="spacer"><td colSpan={10} style={{ height: paddingTop }} /></tr> : null}
            {items.map((item) => {
              const lead = rows[item.index];
              if (lead === undefined) {
                return <tr key="loading" className="lead-row"><td colSpan={10}>Loading more…</td></tr>;
              }
              return (
                <tr key={lead.id} className="lead-row" aria-rowindex={item.index + 2} aria-selected={allMatching || selected.has(lead.id)}>
                  <td><input type="checkbox" aria-label={`Select ${lead.email ?? lead.id}`} checked={allMatching || selected.has(lead.id)} disabled={allMatching} onChange={() => toggle(lead)} /></td>
                  <td><Link href={`/leads/${lead.id}`}>{lead.email ?? '(no e-mail)'}</Link></td>
                  <td>{lead.first_name ?? ''}</td>
                  <td>{lead.last_name ?? ''}</td>
                  <td>{lead.company_name ?? ''}</td>
                  <td>{where(lead)}</td>
                  <td>{label(LEAD_STATUS, lead.status)}</td>
                  <td>{label(VERIFICATION, lead.verification_status)}</td>
                  <td>{label(INTEREST, lead.lt_interest_status)}</td>
                  <td>{shortDate(lead.timestamp_created)}</td>
                </tr>
              );
            })}
            {paddingBottom > 0 ? <tr aria-hidden="true" className="spacer"><td colSpan={10} style={{ height: paddingBottom }} /></tr> : null}
          </tbody>
        </table>
        {!leads.isPending && rows.length === 0 ? <p className="empty">No leads match.</p> : null}
      </div>
    </section>
  );
}
