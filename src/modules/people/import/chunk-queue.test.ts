import { describe, expect, it } from 'vitest';
import { ChunkQueue } from './chunk-queue.js';

const lostRace = () => Object.assign(new Error('duplicate key value violates unique constraint'), { code: '23505' });
const later = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

describe('ChunkQueue', () => {
  it('runs again, after the chunk they lost to, two chunks that both lost a race to a third in flight', async () => {
    const queue = new ChunkQueue(3);
    const log: string[] = [];
    let firstCommitted = false;
    await queue.submit(async () => {
      await later(30);
      firstCommitted = true;
      log.push('1 committed');
    });
    const loser = (n: number) => {
      let runs = 0;
      return async () => {
        runs++;
        if (runs === 1) {
          await later(5);
          log.push(`${n} lost`);
          throw lostRace();
        }
        expect(firstCommitted).toBe(true);
        log.push(`${n} again`);
      };
    };
    await queue.submit(loser(2));
    await queue.submit(loser(3));
    // Before, each of the two waited for the other: drain never returned.
    await Promise.race([queue.drain(), later(2000).then(() => Promise.reject(new Error('the queue hung')))]);
    expect(log).toEqual(['2 lost', '3 lost', '1 committed', '2 again', '3 again']);
  });

  it('runs a deadlock victim again only after the chunk beside it, so it sees that chunk’s rows', async () => {
    const queue = new ChunkQueue(2);
    const log: string[] = [];
    let runs = 0;
    await queue.submit(async () => {
      runs++;
      if (runs === 1) {
        await later(5);
        throw Object.assign(new Error('deadlock detected'), { code: '40P01' });
      }
      log.push('1 again');
    });
    await queue.submit(async () => {
      await later(20);
      log.push('2 committed');
    });
    await queue.drain();
    expect(log).toEqual(['2 committed', '1 again']);
  });

  it('fails the import on any other error, and on a chunk that loses twice', async () => {
    const other = new ChunkQueue(2);
    await other.submit(() => Promise.reject(new Error('disk full')));
    await expect(other.drain()).rejects.toThrow('disk full');

    const twice = new ChunkQueue(2);
    await twice.submit(() => Promise.reject(lostRace()));
    await expect(twice.drain()).rejects.toMatchObject({ code: '23505' });
  });

  it('keeps at most `limit` chunks in flight', async () => {
    const queue = new ChunkQueue(2);
    let running = 0;
    let most = 0;
    for (let i = 0; i < 6; i++) {
      await queue.submit(async () => {
        running++;
        most = Math.max(most, running);
        await later(5);
        running--;
      });
    }
    await queue.drain();
    expect(most).toBe(2);
  });
});
