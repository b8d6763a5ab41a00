import { lazy, Suspense, type ComponentType, type LazyExoticComponent, type ReactNode } from 'react';
import { Outlet, type OutletProps } from 'react-router';
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

/** Where a lazy page is drawn: the "loading" line while it downloads, the layout around it stays. */
export function PageSuspense({ children }: { children: ReactNode }) {
  return <Suspense fallback={<Loading />}>{children}</Suspense>;
}

/** `<Outlet>` for a layout whose child pages are lazy: while one downloads, the layout stays drawn. */
export function PageOutlet(props: OutletProps) {
  return (
    <PageSuspense>
      <Outlet {...props} />
    </PageSuspense>
  );
}
