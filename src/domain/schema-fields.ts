import { type SchemaOptions, type Static, type StringOptions, type TSchema, Type } from '@sinclair/typebox';

// Schema building blocks that both the HTTP schemas and the services' inputs (src/domain/lead-input.ts) use.

/**
 * `{type: [T, "null"]}` as the vendor writes it, rather than TypeBox's anyOf: it validates the
 * same, serializes faster and reads like the contract in the generated OpenAPI document.
 */
export function Nullable<T extends TSchema>(schema: T, options: SchemaOptions = {}) {
  const { type, ...rest } = schema as unknown as { type: string };
  return Type.Unsafe<Static<T> | null>({ ...rest, ...options, type: [type, 'null'] });
}

export const Uuid = (options: SchemaOptions = {}) => Type.String({ format: 'uuid', ...options });
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
