import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import {
  auth,
  isAbort,
  setCsrfToken,
  setUnauthorizedHandler,
  type Credentials,
  type Officer,
  type Session,
} from './api.js';

export type AuthState =
  | { status: 'checking' }
  | { status: 'anonymous'; reason: 'none' | 'expired' | 'logged_out' }
  | { status: 'signed_in'; officer: Officer; permissions: readonly string[] };

interface AuthApi {
  state: AuthState;
  /** Throws ApiError (login_failed, totp_required, account_locked, rate_limited …). */
  login: (credentials: Credentials) => Promise<Officer>;
  logout: () => Promise<void>;
  /** Reads the session again (after turning TOTP on, the console opens up). */
  refresh: () => Promise<void>;
}

const AuthContext = createContext<AuthApi | null>(null);

/** Holds who is signed in. Asks /api/auth/session once on start; the session itself is an HTTP-only cookie. */
export function AuthProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<AuthState>({ status: 'checking' });

  const accept = useCallback((session: Session): Officer => {
    setCsrfToken(session.csrfToken);
    setState({ status: 'signed_in', officer: session.officer, permissions: session.permissions });
    return session.officer;
  }, []);

  useEffect(() => {
    const controller = new AbortController();
    auth.session(controller.signal).then(
      (probe) => {
        if (probe.signedIn) accept(probe);
        else setState({ status: 'anonymous', reason: 'none' });
      },
      (error: unknown) => {
        if (controller.signal.aborted || isAbort(error)) return;
        // A server we cannot reach: the login page is where to go.
        setState({ status: 'anonymous', reason: 'none' });
      },
    );
    return () => controller.abort();
  }, [accept]);

  useEffect(() => {
    setUnauthorizedHandler(() => {
      setCsrfToken(null);
      setState({ status: 'anonymous', reason: 'expired' });
    });
    return () => setUnauthorizedHandler(null);
  }, []);

  const login = useCallback(
    async (credentials: Credentials) => accept(await auth.login(credentials)),
    [accept],
  );

  const logout = useCallback(async () => {
    try {
      await auth.logout();
    } catch {
      // The session may already be gone on the server; this browser forgets it either way.
    }
    setCsrfToken(null);
    setState({ status: 'anonymous', reason: 'logged_out' });
  }, []);

  const refresh = useCallback(async () => {
    accept(await auth.me());
  }, [accept]);

  const value = useMemo(() => ({ state, login, logout, refresh }), [state, login, logout, refresh]);
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): AuthApi {
  const value = useContext(AuthContext);
  if (!value) throw new Error('useAuth outside <AuthProvider>');
  return value;
}

/** The signed-in officer; only for components rendered behind <RequireAuth>. */
export function useOfficer(): Officer {
  const { state } = useAuth();
  if (state.status !== 'signed_in') throw new Error('useOfficer without a signed-in officer');
  return state.officer;
}

/** Whether the signed-in officer's role holds `permission`; false when nobody is signed in. */
export function usePermission(permission: string): boolean {
  const { state } = useAuth();
  return state.status === 'signed_in' && state.permissions.includes(permission);
}

/** The officer must turn TOTP on before anything else (an administrator requires it). */
export function mustEnrolTotp(officer: Officer): boolean {
  return officer.totpRequired && !officer.totpEnabled;
}
