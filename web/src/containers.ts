import { useQuery } from '@tanstack/react-query';
import type { Api } from './session.js';
import { useApi } from './session.js';
import type { CampaignT, LeadListT, PageOf } from './types.js';

export type ContainerKind = 'list' | 'campaign';
export interface Container {
  kind: ContainerKind;
  id: string;
  name: string;
}

export const containerPath = (kind: ContainerKind) => (kind === 'list' ? '/api/v2/lead-lists' : '/api/v2/campaigns');

/** Every item of a paged collection (lists and campaigns are few; a cap keeps a runaway bounded). */
export async function allPages<T extends { id: string }>(api: Api, path: string, cap = 5000): Promise<T[]> {
  const items: T[] = [];
  let after: string | undefined;
  do {
    const page = await api.call<PageOf<T>>('GET', `${path}?limit=100${after !== undefined ? `&starting_after=${after}` : ''}`);
    items.push(...page.items);
    after = page.next_starting_after;
  } while (after !== undefined && items.length < cap);
  return items;
}

export function useContainers(kind: ContainerKind) {
  const api = useApi();
  return useQuery({
    queryKey: ['containers', kind],
    queryFn: async (): Promise<Container[]> => {
      const items = await allPages<LeadListT | CampaignT>(api, containerPath(kind));
      return items.map((item) => ({ kind, id: item.id, name: item.name }));
    },
  });
}

/** Lists and campaigns by id, for naming where a lead is. */
export function useContainerNames(): Map<string, string> {
  const lists = useContainers('list');
  const campaigns = useContainers('campaign');
  const names = new Map<string, string>();
  for (const c of [...(lists.data ?? []), ...(campaigns.data ?? [])]) names.set(c.id, c.name);
  return names;
}

/** "list:<id>" / "campaign:<id>" as one <select> value. */
export const containerValue = (c: { kind: ContainerKind; id: string }) => `${c.kind}:${c.id}`;
export function parseContainerValue(value: string): { kind: ContainerKind; id: string } | null {
  const [kind, id] = value.split(':');
  return (kind === 'list' || kind === 'campaign') && id !== undefined && id !== '' ? { kind, id } : null;
}
