/** A UUID in its plain form, the only one PostgreSQL reads (the Ajv "uuid" format uses it too). */
export const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The one UUID check: the API's schemas, its hand-checked fields and the CLI all use it. */
export function isUuid(value: string): boolean {
  return UUID_PATTERN.test(value);
}
