import type { Db } from '../store/database.js';
import { pingStore } from '../store/ping.js';

/**
 * Whether the store answers a trivial query, successfully, within `ms`. A frozen host holds a
 * query for as long as the query timeouts allow, so the probe is raced against the deadline and
 * left to finish on its own.
 */
export async function storeAnswersWithin(db: Db, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), ms);
  });
  try {
    return await Promise.race([pingStore(db).then(() => true, () => false), deadline]);
  } finally {
    clearTimeout(timer);
  }
}
