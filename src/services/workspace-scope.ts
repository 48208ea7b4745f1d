import type { Db } from '../store/database.js';
import { NotFoundError } from './errors.js';
import type { Principal } from './principal.js';

/**
 * A read of the store as a use case: it runs in the principal's workspace and nowhere else. The
 * rule "a request sees its own workspace only" lives here once instead of in every read a route
 * makes (generic repository functions keep their type parameters through it).
 */
export function inWorkspace<A extends unknown[], R>(read: (db: Db, workspaceId: string, ...args: A) => R): (db: Db, principal: Principal, ...args: A) => R {
  return (db, principal, ...args) => read(db, principal.workspaceId, ...args);
}

/**
 * Like inWorkspace, for a read of one thing: a missing one (or another workspace's, which is
 * the same to the caller) is a NotFoundError naming `what`.
 */
export function foundInWorkspace<A extends unknown[], R>(
  what: string,
  read: (db: Db, workspaceId: string, ...args: A) => Promise<R | undefined>,
): (db: Db, principal: Principal, ...args: A) => Promise<R> {
  return async (db, principal, ...args) => {
    const row = await read(db, principal.workspaceId, ...args);
    if (row === undefined) throw new NotFoundError(what);
    return row;
  };
}
