import type { Executor } from '../../kernel/db.js';
import { newId } from '../../kernel/ids.js';

/**
 * Clusters of records that are probably one person, kept incrementally (migration 0173): new
 * open pairs join clusters, decisions split them, and nothing is recomputed over the registry.
 * Cluster ids are UUID v7, so the smaller of two ids is the older cluster, the one that stays.
 */

interface Membership {
  person_id: string;
  cluster_id: string;
}

/** Union–find over string keys, remembering for each root the oldest cluster id it holds. */
class Components {
  private readonly parent = new Map<string, string>();
  find(x: string): string {
    if (!this.parent.has(x)) this.parent.set(x, x);
    let p = this.parent.get(x)!;
    while (p !== x) {
      const g = this.parent.get(p)!;
      this.parent.set(x, g);
      x = p;
      p = g;
    }
    return x;
  }
  union(a: string, b: string): void {
    const ra = this.find(a);
    const rb = this.find(b);
    if (ra !== rb) this.parent.set(rb, ra);
  }
  groups(keys: Iterable<string>): string[][] {
    const out = new Map<string, string[]>();
    for (const k of keys) {
      const r = this.find(k);
      out.set(r, [...(out.get(r) ?? []), k]);
    }
    return [...out.values()];
  }
}

async function membershipsOf(db: Executor, personIds: string[]): Promise<Membership[]> {
  if (personIds.length === 0) return [];
  const r = await db.query<Membership>(
    `SELECT m.person_id::text AS person_id, m.cluster_id::text AS cluster_id FROM duplicate_cluster m
      WHERE m.cluster_id IN (SELECT cluster_id FROM duplicate_cluster WHERE person_id = ANY($1::uuid[]))`,
    [personIds],
  );
  return r.rows;
}

async function write(db: Executor, assign: Map<string, string>, at: Date): Promise<void> {
  if (assign.size === 0) return;
  await db.query(
    `INSERT INTO duplicate_cluster (person_id, cluster_id, joined_at) SELECT p, c, $3 FROM unnest($1::uuid[], $2::uuid[]) AS x(p, c)
     ON CONFLICT (person_id) DO UPDATE SET cluster_id = EXCLUDED.cluster_id, joined_at = EXCLUDED.joined_at
     WHERE duplicate_cluster.cluster_id <> EXCLUDED.cluster_id`,
    [[...assign.keys()], [...assign.values()], at],
  );
}

/**
 * New open pairs join their records' clusters: a record in no cluster joins its partner's, two
 * records in none start one, and a pair across two clusters joins them under the older id.
 * Only rows that change are written.
 */
export async function joinClusters(db: Executor, pairs: ReadonlyArray<{ a: string; b: string }>, at: Date): Promise<void> {
  if (pairs.length === 0) return;
  const people = [...new Set(pairs.flatMap((p) => [p.a, p.b]))];
  const existing = await membershipsOf(db, people);
  const c = new Components();
  // A cluster id is a node of its own, so members of one cluster stay together.
  for (const m of existing) c.union(`c:${m.cluster_id}`, m.person_id);
  for (const p of pairs) c.union(p.a, p.b);
  const clusterOf = new Map(existing.map((m) => [m.person_id, m.cluster_id]));
  const assign = new Map<string, string>();
  const nodes = new Set<string>([...people, ...existing.map((m) => m.person_id), ...existing.map((m) => `c:${m.cluster_id}`)]);
  for (const group of c.groups(nodes)) {
    const ids = group.filter((n) => n.startsWith('c:')).map((n) => n.slice(2)).sort();
    const id = ids[0] ?? newId();
    for (const n of group) if (!n.startsWith('c:') && clusterOf.get(n) !== id) assign.set(n, id);
  }
  await write(db, assign, at);
}

/**
 * After a decision on pairs of these people (not a duplicate, a merge), their clusters are
 * rebuilt from the open pairs left among their members: the largest part keeps the id, other
 * parts get new ids, and a record left alone leaves (a cluster of one has no row). Records
 * that no longer exist (the merged duplicate) leave too.
 */
export async function splitClusters(db: Executor, personIds: string[], at: Date): Promise<void> {
  const existing = await membershipsOf(db, personIds);
  if (existing.length === 0) return;
  const members = existing.map((m) => m.person_id);
  const byCluster = new Map<string, string[]>();
  for (const m of existing) byCluster.set(m.cluster_id, [...(byCluster.get(m.cluster_id) ?? []), m.person_id]);
  const open = await db.query<{ a: string; b: string }>(
    `SELECT c.person_a::text AS a, c.person_b::text AS b FROM duplicate_candidate c
      JOIN person pa ON pa.id = c.person_a JOIN person pb ON pb.id = c.person_b
      WHERE c.state = 'open' AND c.person_a = ANY($1::uuid[]) AND c.person_b = ANY($1::uuid[])`,
    [members],
  );
  const leave: string[] = [];
  const assign = new Map<string, string>();
  for (const ids of byCluster.values()) {
    const inCluster = new Set(ids);
    const c = new Components();
    for (const p of open.rows) if (inCluster.has(p.a) && inCluster.has(p.b)) c.union(p.a, p.b);
    const parts = c.groups(ids).sort((x, y) => y.length - x.length);
    parts.forEach((part, i) => {
      if (part.length < 2) {
        leave.push(...part);
        return;
      }
      if (i === 0) return; // the largest part keeps the cluster id
      const id = newId();
      for (const p of part) assign.set(p, id);
    });
  }
  if (leave.length > 0) await db.query('DELETE FROM duplicate_cluster WHERE person_id = ANY($1::uuid[])', [leave]);
  await write(db, assign, at);
}

/** Each person's cluster id and size (people in no cluster are absent). */
export async function clusterSizes(db: Executor, personIds: string[]): Promise<Map<string, { id: string; size: number }>> {
  if (personIds.length === 0) return new Map();
  const r = await db.query<{ person_id: string; cluster_id: string; size: number }>(
    `SELECT m.person_id::text AS person_id, m.cluster_id::text AS cluster_id, (SELECT count(*)::int FROM duplicate_cluster o WHERE o.cluster_id = m.cluster_id) AS size
       FROM duplicate_cluster m WHERE m.person_id = ANY($1::uuid[])`,
    [personIds],
  );
  return new Map(r.rows.map((x) => [x.person_id, { id: x.cluster_id, size: x.size }]));
}
