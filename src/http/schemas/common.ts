import { isUuid } from '../../domain/uuid.js';
import { badRequest } from '../errors.js';
import { type SchemaOptions, type TSchema, Type } from '@sinclair/typebox';
import { Uuid } from '../../domain/schema-fields.js';

export const DateTime = (options: SchemaOptions = {}) => Type.String({ format: 'date-time', ...options });

export const ErrorBody = Type.Object(
  {
    statusCode: Type.Number(),
    error: Type.String(),
    message: Type.String(),
  },
  { title: 'Error', description: 'Every error answer: the HTTP status, its phrase, and a message a person can act on.' },
);

export const IdParams = Type.Object({ id: Uuid({ description: 'The ID of the item' }) });

export const PageLimit = Type.Integer({ minimum: 1, maximum: 100, default: 100, description: 'The number of items to return' });

export const PageQuery = Type.Object({
  limit: Type.Optional(PageLimit),
  starting_after: Type.Optional(
    Type.String({
      description:
        'The ID of the last item in the previous page (the `next_starting_after` of the previous response).',
    }),
  ),
});

export function Page<T extends TSchema>(item: T, description: string) {
  return Type.Object(
    {
      items: Type.Array(item, { description }),
      next_starting_after: Type.Optional(
        Type.String({ description: 'Pass as `starting_after` to get the next page; absent on the last page.' }),
      ),
    },
    { additionalProperties: false },
  );
}

/** The error answers every authenticated route may give, for the generated document. */
export const errorResponses = {
  400: ErrorBody,
  401: ErrorBody,
  404: ErrorBody,
  429: ErrorBody,
} as const;

export { UUID_PATTERN } from '../../domain/uuid.js';

/**
 * The vendor documents some `starting_after` cursors as timestamps but answers ids as
 * `next_starting_after`; both are accepted. `what` names the item for the error message.
 */
export function parseIdOrTimestampCursor(value: string | undefined, what: string): { id: string } | { createdAfter: Date } | undefined {
  if (value === undefined) return undefined;
  if (isUuid(value)) return { id: value };
  const time = Date.parse(value);
  if (/^\d{4}-\d{2}-\d{2}/.test(value) && !Number.isNaN(time)) return { createdAfter: new Date(time) };
  throw badRequest(`querystring/starting_after must be a ${what} id (the next_starting_after of the previous page) or an ISO 8601 timestamp`);
}

// Lead input shares these with the services (src/domain/schema-fields.ts); re-exported for the other schemas.
export { CustomValue, CustomValues, EmailBodyText, EmailText, LongText, NameText, Nullable, PhoneText, SearchText, TEXT_LIMITS, UrlText, Uuid } from '../../domain/schema-fields.js';
