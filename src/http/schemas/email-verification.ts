import { type Static, Type } from '@sinclair/typebox';
import type { EmailVerificationOutcome } from '../../services/email-verification.js';
import type { EmailVerificationRow } from '../../store/email-verification-repository.js';
import { EmailText, Nullable, UrlText } from './common.js';

export const EmailVerification = Type.Object(
  {
    status: Type.Optional(
      Type.Unsafe<'success' | 'error'>({
        type: 'string',
        enum: ['success', 'error'],
        // The vendor's type admits null but its enum does not: a pending answer leaves it out.
        description: 'The request status: absent while pending, error when the check could not be completed. Use verification_status for the verdict.',
      }),
    ),
    email: Type.String({ description: 'The email address to verify' }),
    verification_status: Type.Unsafe<'pending' | 'verified' | 'invalid'>({ type: 'string', enum: ['pending', 'verified', 'invalid'], description: 'The verification status.' }),
    catch_all: Type.Optional(
      Type.Unsafe<boolean | 'pending'>({
        type: ['boolean', 'string'],
        enum: [true, false, 'pending'],
        description: 'Leadbase holds no SMTP conversation, so it never concludes catch-all: false once the check is done, pending before.',
      }),
    ),
    credits: Type.Optional(Nullable(Type.Number(), { description: 'Leadbase has no verification credits: always null.' })),
    credits_used: Type.Optional(Nullable(Type.Number(), { description: 'Credits used by this check: 0 once done, null while pending.' })),
  },
  { title: 'Email Verification', additionalProperties: false },
);

export const CreateEmailVerification = Type.Object(
  {
    email: EmailText({ description: 'The email address to verify' }),
    webhook_url: Type.Optional(UrlText({ description: 'Refused: Leadbase sends no webhooks; poll GET /api/v2/email-verification/{email} instead.' })),
  },
  { additionalProperties: false },
);

export const EmailParams = Type.Object({ email: EmailText({ description: 'The email address whose latest check is answered' }) });

type EmailVerificationWire = Static<typeof EmailVerification>;

export function emailVerificationToWire(outcome: EmailVerificationOutcome): EmailVerificationWire {
  if (outcome.kind === 'inconclusive') {
    return { status: 'error' as const, email: outcome.email, verification_status: 'pending' as const, catch_all: 'pending' as const, credits: null, credits_used: null };
  }
  return rowToWire(outcome.row);
}

export function rowToWire(row: EmailVerificationRow): EmailVerificationWire {
  const stored = row.verification_status;
  const verificationStatus = stored === 'verified' || stored === 'invalid' ? stored : 'pending';
  const done = verificationStatus !== 'pending';
  return {
    ...(done ? { status: 'success' as const } : {}),
    email: row.email,
    verification_status: verificationStatus,
    catch_all: done ? false : ('pending' as const),
    credits: null,
    credits_used: done ? 0 : null,
  };
}
