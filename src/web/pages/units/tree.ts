import { useCallback } from 'react';
import { useLocation, useNavigate, useSearchParams } from 'react-router';
import { parseTree, type Tree } from '../../units-api.js';

/** `?tree=` as a query string fragment to carry across links ('' for the default tree). */
export function treeSearch(tree: Tree, extra: Record<string, string> = {}): string {
  const params = new URLSearchParams(extra);
  if (tree !== 'current') params.set('tree', tree);
  const text = params.toString();
  return text ? `?${text}` : '';
}

/**
 * The unit tree shown, kept in the URL (`?tree=pre2025`) so a link or a reload shows the
 * same list. Switching trees leaves a province's commune list (codes differ between trees)
 * and starts paging again.
 */
export function useTree(): [Tree, (tree: Tree) => void] {
  const [params] = useSearchParams();
  const location = useLocation();
  const navigate = useNavigate();
  const tree = parseTree(params.get('tree'));

  const setTree = useCallback(
    (next: Tree) => {
      const keep: Record<string, string> = {};
      const q = params.get('q');
      let pathname = location.pathname;
      if (pathname.startsWith('/units/provinces/')) pathname = '/units';
      else if (q) keep.q = q;
      navigate({ pathname, search: treeSearch(next, keep) });
    },
    [params, location.pathname, navigate],
  );
  return [tree, setTree];
}
