import { useState, type FormEvent } from 'react';
import { ApiError, callApi } from './api.js';
import { ErrorNotice } from './components/error-notice.js';
import { Link, usePath } from './router.js';
import { ApiKeysScreen } from './screens/api-keys.js';
import { BlockListScreen } from './screens/block-list.js';
import { ContainersScreen } from './screens/containers.js';
import { ImportScreen } from './screens/import.js';
import { JobsScreen } from './screens/jobs.js';
import { LeadDetailScreen } from './screens/lead-detail.js';
import { LeadsScreen } from './screens/leads.js';
import { useSession } from './session.js';

const NAV = [
  ['/leads', 'Leads'],
  ['/lists', 'Lists'],
  ['/campaigns', 'Campaigns'],
  ['/import', 'Import'],
  ['/block-list', 'Block list'],
  ['/jobs', 'Jobs'],
  ['/api-keys', 'API keys'],
] as const;

function Screen({ path }: { path: string }) {
  const lead = /^\/leads\/([0-9a-f-]{36})$/i.exec(path);
  if (lead?.[1] !== undefined) return <LeadDetailScreen id={lead[1]} />;
  switch (path) {
    case '/lists':
      return <ContainersScreen kind="list" />;
    case '/campaigns':
      return <ContainersScreen kind="campaign" />;
    case '/import':
      return <ImportScreen />;
    case '/block-list':
      return <BlockListScreen />;
    case '/jobs':
      return <JobsScreen />;
    case '/api-keys':
      return <ApiKeysScreen />;
    default:
      return <LeadsScreen />;
  }
}

function SignIn() {
  const { signIn } = useSession();
  const [key, setKey] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const value = key.trim();
    if (value === '') return setError(new Error('Paste an API key to sign in.'));
    setBusy(true);
    setError(null);
    try {
      await callApi(value, 'GET', '/api/v2/workspaces/current');
      signIn(value);
    } catch (caught) {
      // A key that authenticates but lacks workspaces:read is still a key: let it in, screens say what it lacks.
      if (caught instanceof ApiError && caught.missingScopes !== null) signIn(value);
      else setError(caught);
    } finally {
      setBusy(false);
    }
  };
  return (
    <main className="sign-in">
      <h1>Leadbase</h1>
      <form onSubmit={submit}>
        <label htmlFor="api-key">API key</label>
        <input id="api-key" type="password" autoComplete="off" value={key} onChange={(e) => setKey(e.target.value)} />
        <button type="submit" disabled={busy}>Sign in</button>
      </form>
      <ErrorNotice error={error} />
      <p className="hint">The key stays in this browser tab only and is forgotten when you sign out or close the tab.</p>
    </main>
  );
}

export function App() {
  const { key, signOut } = useSession();
  const path = usePath();
  if (key === null) return <SignIn />;
  const current = path.startsWith('/leads') || path === '/' ? '/leads' : path;
  return (
    <div className="layout">
      <header>
        <span className="brand">Leadbase</span>
        <nav aria-label="Main">
          <ul>
            {NAV.map(([href, name]) => (
              <li key={href}>
                <Link href={href} aria-current={current === href ? 'page' : undefined}>{name}</Link>
              </li>
            ))}
          </ul>
        </nav>
        <button type="button" onClick={signOut}>Sign out</button>
      </header>
      <main>
        <Screen path={path} />
      </main>
    </div>
  );
}
