import { type Selectable, sql } from 'kysely';
import type { Db, EmailVerificationTable } from './database.js';

export type EmailVerificationRow = Selectable<EmailVerificationTable>;

export interface EmailVerificationState {
  emailKey: string;
  email: string;
  verificationStatus: 'pending' | 'verified' | 'invalid';
  reason: string | null;
}

/** Records the latest state of an address's check: a new check replaces the last one. */
export async function saveEmailVerification(db: Db, workspaceId: string, state: EmailVerificationState): Promise<EmailVerificationRow> {
  return db
    .insertInto('email_verifications')
    .values({ workspace_id: workspaceId, email_key: state.emailKey, email: state.email, verification_status: state.verificationStatus, reason: state.reason })
    .onConflict((oc) =>
      oc.columns(['workspace_id', 'email_key']).doUpdateSet({
        email: state.email,
        verification_status: state.verificationStatus,
        reason: state.reason,
        timestamp_updated: sql`now()`,
      }),
    )
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function findEmailVerification(db: Db, workspaceId: string, emailKey: string): Promise<EmailVerificationRow | undefined> {
  return db.selectFrom('email_verifications').selectAll().where('workspace_id', '=', workspaceId).where('email_key', '=', emailKey).executeTakeFirst();
}

/** Forgets a check that could not be completed, so that nothing answers it as pending forever. */
export async function dropPendingEmailVerification(db: Db, workspaceId: string, emailKey: string): Promise<void> {
  await db
    .deleteFrom('email_verifications')
    .where('workspace_id', '=', workspaceId)
    .where('email_key', '=', emailKey)
    .where('verification_status', '=', 'pending')
    .execute();
}
