import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { callApi, type Method } from './api.js';

const STORAGE_KEY = 'leadbase.apiKey';

interface SessionState {
  key: string | null;
  signIn(key: string): void;
  signOut(): void;
}

export interface Api {
  key: string;
  call<T>(method: Method, path: string, body?: unknown): Promise<T>;
}

const SessionContext = createContext<SessionState>({ key: null, signIn: () => undefined, signOut: () => undefined });

/** The key lives in this tab's sessionStorage only: closing the tab or "Sign out" forgets it. */
export function SessionProvider({ children }: { children: ReactNode }) {
  const [key, setKey] = useState<string | null>(() => sessionStorage.getItem(STORAGE_KEY));
  const queryClient = useQueryClient();
  const signIn = useCallback((value: string) => {
    sessionStorage.setItem(STORAGE_KEY, value);
    setKey(value);
  }, []);
  const signOut = useCallback(() => {
    sessionStorage.removeItem(STORAGE_KEY);
    // Nothing read with the old key may show to whoever signs in next.
    queryClient.clear();
    setKey(null);
  }, [queryClient]);
  const value = useMemo(() => ({ key, signIn, signOut }), [key, signIn, signOut]);
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export const useSession = () => useContext(SessionContext);

/** The public API with the signed-in key; only screens behind the sign-in use it. */
export function useApi(): Api {
  const { key } = useContext(SessionContext);
  return useMemo(() => {
    if (key === null) throw new Error('useApi needs a signed-in session');
    return { key, call: <T,>(method: Method, path: string, body?: unknown) => callApi<T>(key, method, path, body) };
  }, [key]);
}
