import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { isAbort } from '../api.js';
import {
  citizenApi,
  setCitizenCsrfToken,
  setCitizenUnauthorizedHandler,
  type CitizenAccount,
  type CitizenSession,
} from '../citizen-api.js';

export type CitizenAuthState =
  | { status: 'checking' }
  | { status: 'anonymous'; reason: 'none' | 'expired' | 'logged_out' | 'locked' }
  | { status: 'signed_in'; account: CitizenAccount };

interface CitizenAuthApi {
  state: CitizenAuthState;
  /** After login-verify: keeps the CSRF token and loads the account (with the name) from /api/citizen/me. */
  accept: (csrfToken: string) => Promise<CitizenAccount>;
  /** Reloads the account (level, TOTP, passkeys) after a change. */
  refresh: () => Promise<void>;
  logout: () => Promise<void>;
  /** The server already ended the session (sign out everywhere, lock): forget it here. */
  forget: (reason: 'logged_out' | 'locked') => void;
}

const CitizenAuthContext = createContext<CitizenAuthApi | null>(null);

/** Who is logged in to the portal; the session is the HTTP-only `dancu_cit` cookie, apart from the officer's. */
export function CitizenAuthProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<CitizenAuthState>({ status: 'checking' });

  const take = useCallback((session: CitizenSession): CitizenAccount => {
    setCitizenCsrfToken(session.csrfToken);
    setState({ status: 'signed_in', account: session.account });
    return session.account;
  }, []);

  useEffect(() => {
    const controller = new AbortController();
    citizenApi.session(controller.signal).then(
      (probe) => {
        if (probe.signedIn) take(probe);
        else setState({ status: 'anonymous', reason: 'none' });
      },
      (error: unknown) => {
        if (controller.signal.aborted || isAbort(error)) return;
        setState({ status: 'anonymous', reason: 'none' });
      },
    );
    return () => controller.abort();
  }, [take]);

  useEffect(() => {
    setCitizenUnauthorizedHandler(() => {
      setCitizenCsrfToken(null);
      setState({ status: 'anonymous', reason: 'expired' });
    });
    return () => setCitizenUnauthorizedHandler(null);
  }, []);

  const accept = useCallback(
    async (csrfToken: string) => {
      setCitizenCsrfToken(csrfToken);
      return take(await citizenApi.me());
    },
    [take],
  );

  const refresh = useCallback(async () => {
    take(await citizenApi.me());
  }, [take]);

  const forget = useCallback((reason: 'logged_out' | 'locked') => {
    setCitizenCsrfToken(null);
    setState({ status: 'anonymous', reason });
  }, []);

  const logout = useCallback(async () => {
    try {
      await citizenApi.logout();
    } catch {
      // Already gone on the server; this browser forgets it either way.
    }
    forget('logged_out');
  }, [forget]);

  const value = useMemo(() => ({ state, accept, refresh, logout, forget }), [state, accept, refresh, logout, forget]);
  return <CitizenAuthContext.Provider value={value}>{children}</CitizenAuthContext.Provider>;
}

export function useCitizenAuth(): CitizenAuthApi {
  const value = useContext(CitizenAuthContext);
  if (!value) throw new Error('useCitizenAuth outside <CitizenAuthProvider>');
  return value;
}

/** The logged-in citizen; only behind <RequireCitizen>. */
export function useCitizen(): CitizenAccount {
  const { state } = useCitizenAuth();
  if (state.status !== 'signed_in') throw new Error('useCitizen without a logged-in citizen');
  return state.account;
}
