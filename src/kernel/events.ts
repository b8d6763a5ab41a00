import type { Database, Executor } from './db.js';

/**
 * Domain events through a transactional outbox: `publish` writes the event in the same
 * transaction as the change, and the relay delivers committed events to subscribers in
 * order, at least once, each subscriber with its own cursor so a failing one retries
 * without holding back the others.
 */
export interface DomainEvent {
  /** `person.born`, `residence.registered`, `card.issued` … */
  type: string;
  /** What the event is about, e.g. the PIN or household id. */
  subject: string;
  payload: Record<string, unknown>;
  actorId?: string;
}

export interface StoredEvent extends DomainEvent {
  id: number;
  occurredAt: string;
}

export async function publish(tx: Executor, event: DomainEvent, at: Date): Promise<number> {
  const r = await tx.query<{ id: number }>(
    'INSERT INTO outbox_event (type, subject, payload, occurred_at, actor_id) VALUES ($1, $2, $3, $4, $5) RETURNING id',
    [event.type, event.subject, JSON.stringify(event.payload), at.toISOString(), event.actorId ?? null],
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
  type: string;
  subject: string;
  payload: Record<string, unknown>;
  occurred_at: Date;
  actor_id: string | null;
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
    await this.db.pool.query('INSERT INTO event_subscription (name) VALUES ($1) ON CONFLICT (name) DO NOTHING', [sub.name]);
    let delivered = 0;
    for (;;) {
      const batch = await this.db.transaction((tx) => this.deliverBatch(tx, sub));
      delivered += batch.delivered;
      if (batch.read === 0 || batch.failed) return delivered;
    }
  }

  /** One batch under the subscriber's row lock, so two processes never deliver it twice at once. */
  private async deliverBatch(tx: Executor, sub: Subscriber): Promise<{ read: number; delivered: number; failed: boolean }> {
    const cursor = await tx.query<{ last_event_id: number; attempts: number; next_attempt_at: Date | null }>(
      'SELECT last_event_id, attempts, next_attempt_at FROM event_subscription WHERE name = $1 FOR UPDATE SKIP LOCKED',
      [sub.name],
    );
    const c = cursor.rows[0];
    const now = this.opts.now();
    if (!c || (c.next_attempt_at && c.next_attempt_at > now)) return { read: 0, delivered: 0, failed: false };
    const events = await tx.query<EventRow>(
      'SELECT id, type, subject, payload, occurred_at, actor_id FROM outbox_event WHERE id > $1 ORDER BY id LIMIT $2',
      [c.last_event_id, this.opts.batchSize],
    );
    let last = c.last_event_id;
    let delivered = 0;
    for (const e of events.rows) {
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
          await tx.query(
            `UPDATE event_subscription SET last_event_id = $2, attempts = attempts + 1, last_error = $3,
               next_attempt_at = $4, updated_at = $5 WHERE name = $1`,
            [sub.name, last, String((err as Error)?.message ?? err).slice(0, 2000), new Date(now.getTime() + backoff), now],
          );
          return { read: events.rows.length, delivered, failed: true };
        }
      }
      last = e.id;
    }
    if (events.rows.length > 0) {
      await tx.query(
        `UPDATE event_subscription SET last_event_id = $2, attempts = 0, last_error = NULL, next_attempt_at = NULL,
           updated_at = $3 WHERE name = $1`,
        [sub.name, last, now],
      );
    }
    return { read: events.rows.length, delivered, failed: false };
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
export function logSubscriber(log: { info(obj: object, msg: string): void }): Subscriber {
  return {
    name: 'log',
    types: ['*'],
    async handle(event) {
      log.info({ event: { id: event.id, type: event.type, subject: event.subject } }, 'event');
    },
  };
}
