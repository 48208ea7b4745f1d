import { ApiError } from '../api.js';

/** What went wrong, in words: a missing scope names the scope instead of dumping the answer. */
export function ErrorNotice({ error }: { error: unknown }) {
  if (error === null || error === undefined) return null;
  if (error instanceof ApiError) {
    const scopes = error.missingScopes;
    if (scopes !== null) {
      return (
        <p role="alert" className="notice warn">
          This API key is missing the scope <strong>{scopes[0]}</strong> this screen needs (any of {scopes.join(', ')} would do).
          Sign in with a key that has it, or create one under API keys.
        </p>
      );
    }
    if (error.needsAdmin) {
      return <p role="alert" className="notice warn">Only the administrator key (LEADBASE_ADMIN_KEY) may do this.</p>;
    }
    return <p role="alert" className="notice error">{error.message}</p>;
  }
  return <p role="alert" className="notice error">{error instanceof Error ? error.message : String(error)}</p>;
}
