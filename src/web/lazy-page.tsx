import { Component, lazy, Suspense, type ComponentType, type ErrorInfo, type LazyExoticComponent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Outlet, useLocation, type OutletProps } from 'react-router';
import { Loading } from './components/Status.js';

/**
 * An officer-console page, downloaded when it is first shown: a citizen opening the portal on a
 * phone does not download the console's forty pages with it. `name` is the module's export.
 */
// ComponentType<any>: React.lazy's own bound; the pages' props are checked where they are used.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function lazyPage<M extends Record<K, ComponentType<any>>, K extends keyof M>(
  load: () => Promise<M>,
  name: K,
): LazyExoticComponent<M[K]> {
  return lazy(async () => ({ default: (await load())[name] }));
}

/**
 * What shows instead of a page that could not be downloaded (the network dropped, the server
 * restarted) or failed while drawing: a message and a reload, in place of a blank console.
 * React keeps a lazy page's failed download, so trying again means loading the page afresh.
 */
function PageFailed() {
  const { t } = useTranslation();
  return (
    <div className="alert alert--error" role="alert" data-testid="page-failed">
      <p>{t('common.pageFailed')}</p>
      <button type="button" className="button button--secondary" onClick={() => window.location.reload()} data-testid="page-failed-reload">
        {t('common.reloadPage')}
      </button>
    </div>
  );
}

type BoundaryProps = { at: string; children: ReactNode };
type BoundaryState = { failed: boolean; at: string };

/**
 * Catches a page's failure and forgets it when the address changes, without remounting what it
 * wraps (at the top it wraps every route, with the sign-in providers).
 */
class PageErrorBoundary extends Component<BoundaryProps, BoundaryState> {
  override state: BoundaryState = { failed: false, at: this.props.at };

  static getDerivedStateFromError(): Partial<BoundaryState> {
    return { failed: true };
  }

  static getDerivedStateFromProps(props: BoundaryProps, state: BoundaryState): Partial<BoundaryState> | null {
    return props.at === state.at ? null : { failed: false, at: props.at };
  }

  override componentDidCatch(error: unknown, info: ErrorInfo) {
    // Kept in the browser's console for whoever reports it; the page shows only the message.
    console.error('page failed', error, info.componentStack);
  }

  override render() {
    return this.state.failed ? <PageFailed /> : this.props.children;
  }
}

function PageBoundary({ children }: { children: ReactNode }) {
  const { pathname } = useLocation();
  return <PageErrorBoundary at={pathname}>{children}</PageErrorBoundary>;
}

/** Where a lazy page is drawn: the "loading" line while it downloads, the layout around it stays. */
export function PageSuspense({ children }: { children: ReactNode }) {
  return (
    <PageBoundary>
      <Suspense fallback={<Loading />}>{children}</Suspense>
    </PageBoundary>
  );
}

/** `<Outlet>` for a layout whose child pages are lazy: while one downloads, the layout stays drawn. */
export function PageOutlet(props: OutletProps) {
  return (
    <PageSuspense>
      <Outlet {...props} />
    </PageSuspense>
  );
}
