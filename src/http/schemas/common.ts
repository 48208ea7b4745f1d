import { isUuid } from '../../domain/uuid.js';
import { badRequest } from '../errors.js';
import { type SchemaOptions, type Static, type StringOptions, type TSchema, Type } from '@sinclair/typebox';

/**
 * `{type: [T, "null"]}` as the vendor writes it, rather than TypeBox's anyOf: it validates the
 * same, serializes faster and reads like the contract in the generated OpenAPI document.
 */
export function Nullable<T extends TSchema>(schema: T, options: SchemaOptions = {}) {
  const { type, ...rest } = schema as unknown as { type: string };
  return Type.Unsafe<Static<T> | null>({ ...rest, ...options, type: [type, 'null'] });
}

export const Uuid = (options: SchemaOptions = {}) => Type.String({ format: 'uuid', ...options });
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

/**
 * The longest text each kind of field takes, in characters. No real client comes near them; they
 * keep a 10 MB first name or 10,000 custom variables from making every listing of the workspace
 * slow. docs/compatibility.md lists them; every schema that takes such a field uses these.
 */
export const TEXT_LIMITS = {
  email: 320,
  name: 500,
  url: 2048,
  phone: 100,
  search: 1000,
  text: 10_000,
  emailBody: 100_000,
  customVariableKeys: 200,
  customVariableKey: 200,
} as const;

const limited = (maxLength: number) => (options: StringOptions = {}) => Type.String({ maxLength, ...options });
/** An e-mail address, or a domain where an e-mail or a domain is taken (RFC 3696's 320). */
export const EmailText = limited(TEXT_LIMITS.email);
/** Names of people, companies, lists, labels, campaigns, keys, files; job titles. */
export const NameText = limited(TEXT_LIMITS.name);
export const UrlText = limited(TEXT_LIMITS.url);
export const PhoneText = limited(TEXT_LIMITS.phone);
export const SearchText = limited(TEXT_LIMITS.search);
/** Personalizations, descriptions, subjects and custom variable values: a few KB of prose. */
export const LongText = limited(TEXT_LIMITS.text);
export const EmailBodyText = limited(TEXT_LIMITS.emailBody);

/** A custom variable's value: scalars only, text as long as LongText. */
export const CustomValue = Type.Unsafe<string | number | boolean | null>({ type: ['string', 'number', 'boolean', 'null'], maxLength: TEXT_LIMITS.text });

/** Custom variables (v2) and custom fields (Smartlead): a bounded number of bounded keys. */
export const CustomValues = (options: SchemaOptions = {}) =>
  Type.Record(Type.String(), CustomValue, {
    maxProperties: TEXT_LIMITS.customVariableKeys,
    propertyNames: { maxLength: TEXT_LIMITS.customVariableKey },
    ...options,
  });
