/**
 * Pairs to groups: records linked directly or through others form one cluster (union–find
 * with path halving and union by size), the set an officer reviews together.
 */
export function clusterPairs(pairs: ReadonlyArray<{ a: string; b: string }>): string[][] {
  const parent = new Map<string, string>();
  const size = new Map<string, number>();
  const find = (x: string): string => {
    if (!parent.has(x)) {
      parent.set(x, x);
      size.set(x, 1);
    }
    let p = parent.get(x)!;
    while (p !== x) {
      const grand = parent.get(p)!;
      parent.set(x, grand);
      x = p;
      p = grand;
    }
    return x;
  };
  for (const { a, b } of pairs) {
    let ra = find(a);
    let rb = find(b);
    if (ra === rb) continue;
    if (size.get(ra)! < size.get(rb)!) [ra, rb] = [rb, ra];
    parent.set(rb, ra);
    size.set(ra, size.get(ra)! + size.get(rb)!);
  }
  const groups = new Map<string, string[]>();
  for (const id of parent.keys()) {
    const root = find(id);
    const g = groups.get(root) ?? [];
    g.push(id);
    groups.set(root, g);
  }
  return [...groups.values()].map((g) => g.sort()).sort((x, y) => (x[0]! < y[0]! ? -1 : 1));
}
