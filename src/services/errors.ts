/**
 * The ways a use case refuses. Services throw these, never the HTTP layer's ApiError: the edge
 * decides what status each kind is (src/http/errors.ts), so a job or the CLI can run the same
 * service and read the same refusal.
 */
export type DomainErrorKind = 'invalid' | 'not-found' | 'over-allowance';

export class DomainError extends Error {
  constructor(
    readonly kind: DomainErrorKind,
    message: string,
  ) {
    super(message);
  }
}

/** A request that names something the workspace does not have. */
export class NotFoundError extends DomainError {
  constructor(what: string) {
    super('not-found', `${what} not found`);
  }
}

/** A request the rules refuse, with the sentence that says why. */
export class InvalidRequestError extends DomainError {
  constructor(message: string) {
    super('invalid', message);
  }
}

/** The workspace's lead allowance would be passed: nothing of the request was written. */
export class LeadAllowanceExceeded extends DomainError {
  constructor(
    readonly wanted: number,
    readonly room: number,
  ) {
    super('over-allowance', `This request would add ${wanted} leads to campaigns but the workspace's lead allowance has only ${room} left; nothing was added`);
  }
}
