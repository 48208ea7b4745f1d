import { uuidv7 } from 'uuidv7';

/** Time-ordered ids, generated in the application (PostgreSQL 15 has no uuidv7()). */
export function newId(): string {
  return uuidv7();
}
