import { findVerification, verifyEmail } from '../../services/email-verification.js';
import { DnsChecker } from '../../verification/dns-checker.js';
import type { App, AppDeps } from '../app-deps.js';
import { principalOf } from '../auth.js';
import { badRequest } from '../errors.js';
import { ErrorBody } from '../schemas/common.js';
import { CreateEmailVerification, EmailParams, EmailVerification, emailVerificationToWire, rowToWire } from '../schemas/email-verification.js';
import { guarded } from './access.js';

const tags = ['Email Verification'];

/** The vendor's documented wait: past it, POST answers pending and the check goes on. */
const VENDOR_WAIT_MS = 10_000;

export function emailVerificationRoutes(app: App, { db, dnsServers, dnsTimeoutMs, emailVerificationWaitMs }: AppDeps) {
  const dns = new DnsChecker({ servers: dnsServers ?? null, ...(dnsTimeoutMs !== undefined ? { timeoutMs: dnsTimeoutMs, tries: 1 } : {}) });
  const waitMs = emailVerificationWaitMs ?? VENDOR_WAIT_MS;

  app.post('/api/v2/email-verification', {
    ...guarded('email_verifications', 'create'),
    schema: {
      tags,
      summary: 'Verify email',
      description:
        'Checks the address as list verification does (syntax, the domain\'s mail hosts in DNS, disposable and role addresses). A check that takes longer than 10 seconds is answered `pending`; GET /api/v2/email-verification/{email} then gives its result. No webhooks: `webhook_url` is refused.',
      body: CreateEmailVerification,
      response: { 200: EmailVerification, 400: ErrorBody, 401: ErrorBody },
    },
  }, async (request) => {
    if (request.body.webhook_url !== undefined) {
      throw badRequest('body/webhook_url is not supported: Leadbase sends no webhooks; poll GET /api/v2/email-verification/{email} for a pending result');
    }
    return emailVerificationToWire(await verifyEmail(db, principalOf(request), request.body.email, dns, waitMs));
  });

  app.get('/api/v2/email-verification/:email', {
    ...guarded('email_verifications', 'read'),
    schema: {
      tags,
      summary: 'Check email verification status',
      description: 'The latest check of the address in this workspace (case-insensitive), pending or done; 404 when it was never checked or its check could not be completed.',
      params: EmailParams,
      response: { 200: EmailVerification, 400: ErrorBody, 401: ErrorBody, 404: ErrorBody },
    },
  }, async (request) => rowToWire(await findVerification(db, principalOf(request), request.params.email)));
}
