import { type Static, type TObject } from '@sinclair/typebox';
import { TypeCompiler, type TypeCheck } from '@sinclair/typebox/compiler';
import { CURSOR_START, readCommitted, type CommitCursor } from './commit-order.js';
import type { Database, Executor } from './db.js';

/**
 * Domain events through a transactional outbox: `publish` writes the event in the same
 * transaction as the change, and the relay delivers committed events to subscribers in commit
 * order (see commit-order.ts), at least once, each subscriber with its own cursor so a failing
 * one retries without holding back the others; a subscriber's database work commits with its
 * cursor, so it happens exactly once.
 *
 * Every event type is declared once, by the module that publishes it, with the shape of its
 * subject and payload (`defineEvent`); `publish` refuses an undeclared type or a payload of
 * another shape. docs/events.md is the catalogue (a test keeps it in step).
 */
export interface DomainEvent<P = Record<string, unknown>> {
  /** `person.born`, `residence.registered`, `card.issued` …, or its definition. */
  type: string | EventDefinition<P>;
  /** What the event is about, e.g. the PIN or household number: the unit of ordering. */
  subject: string;
  payload: P;
  actorId?: string | undefined;
}

export interface StoredEvent {
  id: number;
  type: string;
  subject: string;
  payload: Record<string, unknown>;
  occurredAt: string;
  actorId?: string;
}

export interface EventDefinition<P> {
  readonly module: string;
  readonly type: string;
  /** What the subject holds (e.g. "PIN of the person"). */
  readonly subject: string;
  readonly description: string;
  readonly payload: TObject;
  /** Phantom: the payload's static type. */
  readonly _payload?: P;
}

const catalogue = new Map<string, { definition: EventDefinition<unknown>; check: TypeCheck<TObject> }>();

/** Declares an event type: one module, one subject, one payload shape (closed: no extra fields). */
export function defineEvent<S extends TObject>(module: string, type: string, spec: { subject: string; description: string; payload: S }): EventDefinition<Static<S>> {
  if (!/^[a-z]+(\.[a-z_]+)+$/.test(type)) throw new Error(`event type ${type} is not module.verb_noun`);
  const existing = catalogue.get(type);
  if (existing && existing.definition.module !== module) throw new Error(`event type ${type} is declared by ${existing.definition.module} and ${module}`);
  const definition: EventDefinition<Static<S>> = { module, type, subject: spec.subject, description: spec.description, payload: spec.payload };
  catalogue.set(type, { definition, check: TypeCompiler.Compile(spec.payload) });
  return definition;
}

/**
 * A delivered event's payload as its declared type, for a subscriber: the type must be the
 * definition's and the payload its shape (publish checked it; a row written otherwise fails here
 * loudly instead of being read with missing fields).
 */
export function payloadOf<P>(definition: EventDefinition<P>, e: StoredEvent): P {
  const entry = catalogue.get(definition.type);
  if (e.type !== definition.type || !entry || !entry.check.Check(e.payload)) throw new Error(`event ${e.id} is not a valid ${definition.type}`);
  return e.payload as P;
}

/** Every declared event type (for the catalogue document and its test). */
export function eventCatalogue(): Array<EventDefinition<unknown>> {
  return [...catalogue.values()].map((c) => c.definition).sort((a, b) => a.type.localeCompare(b.type));
}

export class UndeclaredEventError extends Error {}

/** The advisory-lock class of event subjects (the other key is the subject's hash). */
const SUBJECT_LOCK_CLASS = 7400700;

export async function publish<P>(tx: Executor, event: DomainEvent<P>, at: Date): Promise<number> {
  const type = typeof event.type === 'string' ? event.type : event.type.type;
  const entry = catalogue.get(type);
  if (!entry) throw new UndeclaredEventError(`event type ${type} is not declared (defineEvent)`);
  if (!entry.check.Check(event.payload)) {
    const first = entry.check.Errors(event.payload).First();
    throw new UndeclaredEventError(`event ${type} payload does not match its declaration: ${first?.path ?? ''} ${first?.message ?? ''}`);
  }
  // The subject's lock, held to commit, comes before the id: a later event of the same subject
  // gets a larger id only after this transaction committed, which is what keeps one subject's
  // events in commit order (commit-order.ts). Other subjects are not held up.
  await tx.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [SUBJECT_LOCK_CLASS, event.subject]);
  const r = await tx.query<{ id: number }>(
    'INSERT INTO outbox_event (type, subject, payload, occurred_at, actor_id) VALUES ($1, $2, $3, $4, $5) RETURNING id',
    [type, event.subject, JSON.stringify(event.payload), at.toISOString(), event.actorId ?? null],
  );
  return r.rows[0]!.id;
}

export interface Subscriber {
  /** Stable name: the cursor is stored under it. */
  name: string;
  /** Event types it wants (`*` for all, `person.*` for a prefix). */
  types: string[];
  /**
   * Runs inside the relay's transaction, which also advances the cursor: database work
   * done through `tx` commits exactly once with it. Never use the pool here (PGlite has
   * one connection, held by this transaction).
   */
  handle(event: StoredEvent, tx: Executor): Promise<void>;
}

export interface RelayOptions {
  batchSize?: number;
  /** How long a failed subscriber waits before the next try, doubling up to maxBackoffMs. */
  baseBackoffMs?: number;
  maxBackoffMs?: number;
  now?: () => Date;
}

function wants(sub: Subscriber, type: string): boolean {
  return sub.types.some((t) => t === '*' || t === type || (t.endsWith('.*') && type.startsWith(t.slice(0, -1))));
}

function toStoredEvent(e: EventRow): StoredEvent {
  return {
    id: e.id,
    type: e.type,
    subject: e.subject,
    payload: e.payload,
    occurredAt: e.occurred_at.toISOString(),
    ...(e.actor_id ? { actorId: e.actor_id } : {}),
  };
}

interface EventRow {
  id: number;
  txid: string;
  type: string;
  subject: string;
  payload: Record<string, unknown>;
  occurred_at: Date;
  actor_id: string | null;
}

interface SubscriptionRow {
  done_snapshot: string;
  window_snapshot: string | null;
  after_id: number;
  attempts: number;
  next_attempt_at: Date | null;
}

async function saveCursor(tx: Executor, name: string, c: CommitCursor, now: Date, failure?: { error: string; nextAttemptAt: Date }): Promise<void> {
  await tx.query(
    `UPDATE event_subscription SET done_snapshot = $2, window_snapshot = $3, after_id = $4,
       attempts = CASE WHEN $5::text IS NULL THEN 0 ELSE attempts + 1 END, last_error = $5, next_attempt_at = $6, updated_at = $7
     WHERE name = $1`,
    [name, c.done, c.window, c.afterId, failure?.error ?? null, failure?.nextAttemptAt ?? null, now],
  );
}

export class EventRelay {
  private readonly subscribers: Subscriber[] = [];
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<number> | undefined;
  private readonly opts: Required<RelayOptions>;

  constructor(
    private readonly db: Database,
    options: RelayOptions = {},
  ) {
    this.opts = {
      batchSize: options.batchSize ?? 200,
      baseBackoffMs: options.baseBackoffMs ?? 1000,
      maxBackoffMs: options.maxBackoffMs ?? 5 * 60_000,
      now: options.now ?? (() => new Date()),
    };
  }

  subscribe(sub: Subscriber): void {
    this.subscribers.push(sub);
  }

  /** Delivers what is pending to every subscriber once; returns how many deliveries succeeded. */
  drain(): Promise<number> {
    // One drain at a time per process; concurrent processes are serialised by row locks below.
    this.running ??= this.drainAll().finally(() => (this.running = undefined));
    return this.running;
  }

  private async drainAll(): Promise<number> {
    let delivered = 0;
    for (const sub of this.subscribers) delivered += await this.drainOne(sub);
    return delivered;
  }

  private async drainOne(sub: Subscriber): Promise<number> {
    await this.db.pool.query('INSERT INTO event_subscription (name, done_snapshot) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING', [sub.name, CURSOR_START.done]);
    let delivered = 0;
    for (;;) {
      const batch = await this.db.transaction((tx) => this.deliverBatch(tx, sub));
      delivered += batch.delivered;
      if (batch.read === 0 || batch.failed) return delivered;
    }
  }

  /** One batch under the subscriber's row lock, so two processes never deliver it twice at once. */
  private async deliverBatch(tx: Executor, sub: Subscriber): Promise<{ read: number; delivered: number; failed: boolean }> {
    const state = await tx.query<SubscriptionRow>(
      `SELECT done_snapshot, window_snapshot, after_id, attempts, next_attempt_at
         FROM event_subscription WHERE name = $1 FOR UPDATE SKIP LOCKED`,
      [sub.name],
    );
    const c = state.rows[0];
    const now = this.opts.now();
    if (!c || (c.next_attempt_at && c.next_attempt_at > now)) return { read: 0, delivered: 0, failed: false };
    const cursor: CommitCursor = { done: c.done_snapshot, window: c.window_snapshot, afterId: Number(c.after_id) };
    const page = await readCommitted<EventRow>(tx, cursor, { table: 'outbox_event', idColumn: 'id', columns: 'type, subject, payload, occurred_at, actor_id', limit: this.opts.batchSize });
    let delivered = 0;
    // A position inside a window only means something with that same window: keep it on failure.
    const windowUsed = page.next.window ?? page.next.done;
    let consumed: CommitCursor = { ...cursor, window: windowUsed };
    for (const e of page.rows) {
      if (wants(sub, e.type)) {
        // A savepoint per event: a handler whose SQL fails must not abort the cursor update.
        await tx.query('SAVEPOINT deliver_event');
        try {
          await sub.handle(toStoredEvent(e), tx);
          await tx.query('RELEASE SAVEPOINT deliver_event');
          delivered++;
        } catch (err) {
          await tx.query('ROLLBACK TO SAVEPOINT deliver_event');
          const backoff = Math.min(this.opts.baseBackoffMs * 2 ** c.attempts, this.opts.maxBackoffMs);
          await saveCursor(tx, sub.name, consumed, now, { error: String((err as Error)?.message ?? err).slice(0, 2000), nextAttemptAt: new Date(now.getTime() + backoff) });
          return { read: page.rows.length, delivered, failed: true };
        }
      }
      consumed = { done: cursor.done, window: windowUsed, afterId: Number(e.id) };
    }
    await saveCursor(tx, sub.name, page.next, now);
    return { read: page.rows.length, delivered, failed: false };
  }

  /** Polls in the background; `nudge` after a commit shortens the wait. */
  start(intervalMs = 1000, onError: (err: unknown) => void = () => undefined): void {
    const tick = () => {
      this.drain()
        .catch(onError)
        .finally(() => {
          if (this.timer !== undefined) this.timer = setTimeout(tick, intervalMs);
        });
    };
    this.timer = setTimeout(tick, 0);
  }

  async stop(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    await this.running;
  }
}

/** The first subscriber: every event into the structured log. */
export function logSubscriber(log: { debug(obj: object, msg: string): void }): Subscriber {
  return {
    name: 'log',
    types: ['*'],
    // Debug, not info: the outbox is the record of events; at info a terminal fills with them.
    async handle(event) {
      log.debug({ event: { id: event.id, type: event.type, subject: event.subject } }, 'event');
    },
  };
}
