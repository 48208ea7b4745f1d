import { type BlockValue, parseBlockValue } from '../domain/block-list.js';
import { addBlockListEntries, defaultBlockListId } from '../store/block-list-repository.js';
import type { Db } from '../store/database.js';
import { type BlockEntryRow, blockEntriesPage } from '../store/smartlead-repository.js';
import type { Principal } from './principal.js';
import { inWorkspace } from './workspace-scope.js';

/** Smartlead's offset pages of the block list, optionally narrowed to values containing a text. */
export const smartleadBlockListPage = inWorkspace(blockEntriesPage);

export interface DomainBlockListOutcome {
  /** The entries created, in creation order. */
  added: BlockEntryRow[];
  /** How many values were e-mails or domains (repeats included). */
  validCount: number;
  /** The values that were neither, as sent. */
  invalidValues: string[];
}

/**
 * Smartlead's add-domain-block-list, as v2's bulk-create: the valid values go on the workspace's
 * block list (once each), the invalid ones are reported, not refused.
 */
export async function addDomainBlockList(db: Db, { workspaceId }: Principal, values: readonly string[]): Promise<DomainBlockListOutcome> {
  const parsed = values.map((raw) => ({ raw, value: parseBlockValue(raw) }));
  const valid = parsed.flatMap((p) => (p.value === null ? [] : [p.value]));
  const invalidValues = parsed.flatMap((p) => (p.value === null ? [p.raw] : []));
  const unique: BlockValue[] = [...new Map(valid.map((v) => [v.value, v])).values()];
  const added = await db.transaction().execute(async (trx) => addBlockListEntries(trx, workspaceId, await defaultBlockListId(trx, workspaceId), unique));
  added.sort((a, b) => (a.id < b.id ? -1 : 1));
  return { added, validCount: valid.length, invalidValues };
}
