/**
 * A chunk that loses a race on a unique key to a chunk in flight (the same PIN twice in the
 * file, say) is run again once the others have committed: its checks then see their rows and
 * reject the duplicate properly instead of failing the import. A chunk chosen as a deadlock
 * victim (40P01) is run again the same way.
 */
const RETRY_ALONE = new Set(['23505', '40P01']);

const settled = (p: Promise<unknown>): Promise<void> =>
  p.then(
    () => undefined,
    () => undefined,
  );

/**
 * Keeps up to `limit` chunk transactions of an import in flight, so parsing and several COPYs
 * overlap, and runs again, once, a chunk that lost a race (RETRY_ALONE).
 *
 * A chunk run again first waits for the first runs of the chunks in flight beside it and for
 * the chunks run again before it. First runs wait for nothing, and a chunk run again never
 * waits for one run again after it, so no two chunks can wait for each other: with three in
 * flight, two chunks that both lost to the same third one used to wait for each other for ever.
 */
export class ChunkQueue {
  private readonly inflight = new Set<Promise<void>>();
  private readonly firstRuns = new Set<Promise<void>>();
  private retries: Promise<void> = Promise.resolve();
  private failure: unknown;

  constructor(private readonly limit: number) {}

  /** Starts `run`; returns when a slot is free for the next chunk. */
  async submit(run: () => Promise<void>): Promise<void> {
    const firstRun = run();
    const done = settled(firstRun);
    this.firstRuns.add(done);
    void done.finally(() => this.firstRuns.delete(done));
    const p = firstRun
      .catch(async (err: unknown) => {
        if (!RETRY_ALONE.has((err as { code?: string }).code ?? '')) throw err;
        const beside = [...this.firstRuns].filter((r) => r !== done);
        const again = this.retries.then(() => Promise.all(beside)).then(run);
        this.retries = settled(again);
        await again;
      })
      .catch((err: unknown) => {
        this.failure ??= err;
      })
      .finally(() => this.inflight.delete(p));
    this.inflight.add(p);
    if (this.inflight.size >= this.limit) await Promise.race(this.inflight);
    if (this.failure) throw this.failure;
  }

  /** Waits for every chunk; throws the first failure. */
  async drain(): Promise<void> {
    await Promise.all(this.inflight);
    if (this.failure) throw this.failure;
  }
}
