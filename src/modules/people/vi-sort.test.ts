import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testContext, type TestContext } from '../../../test/context.js';
import { compareKeys, compareVietnamese, VI_FOLD_SQL, viFold, viSortKey, viSortKeySql } from './vi-sort.js';

const sign = (n: number) => Math.sign(n);
// Names and addresses as they come: Vietnamese letters in both cases with every tone, digits,
// punctuation, spaces, and now and then a character the order does not know (ç, 中, an emoji).
const LETTERS = [...'aàáảãạăằắẳẵặâầấẩẫậbcdđeèéẻẽẹêềếểễệghiìíỉĩịklmnoòóỏõọôồốổỗộơờớởỡợpqrstuùúủũụưừứửữựvxyỳýỷỹỵfjwz'];
const CHARS = [...LETTERS, ...LETTERS.map((c) => c.toUpperCase()), ' ', ' ', ',', '.', '-', "'", '/', '\\', '"', '0', '1', '2', '9', 'ç', '中', '😀', '\t'];
const text = fc.array(fc.constantFrom(...CHARS), { maxLength: 12 }).map((cs) => cs.join(''));
// Pairs that share a long prefix are where orders differ; plain random pairs rarely do.
const nearPair = fc.tuple(text, text, text).map(([p, a, b]) => [p + a, p + b] as const);

describe('Vietnamese order', () => {
  it('puts Đ after every D, ă and â after a, and tones in dictionary order', () => {
    const sorted = (xs: string[]) => [...xs].sort((a, b) => compareKeys(viSortKey(a), viSortKey(b)));
    expect(sorted(['Đào', 'Dương', 'Ánh', 'Ân', 'Ăn', 'An', 'Bình'])).toEqual(['An', 'Ánh', 'Ăn', 'Ân', 'Bình', 'Dương', 'Đào']);
    expect(sorted(['ạ', 'ã', 'ả', 'á', 'à', 'a'])).toEqual(['a', 'à', 'á', 'ả', 'ã', 'ạ']);
    expect(sorted(['Nguyễn Văn Anh', 'Nguyễn Văn An', 'Nguyễn Văn An Bình', 'nguyễn văn an'])).toEqual(['Nguyễn Văn An', 'nguyễn văn an', 'Nguyễn Văn An Bình', 'Nguyễn Văn Anh']);
    // (Texts equal but for case fall to level 3, code points: capitals first.)
    // Letters come first, tones only break ties: "Ba" < "Bà" < "Bác" (letters b-a-c > b-a).
    expect(sorted(['Bác', 'Bà', 'Ba'])).toEqual(['Ba', 'Bà', 'Bác']);
  });

  it('key order is the reference order (property)', () => {
    fc.assert(
      fc.property(fc.oneof(fc.tuple(text, text), nearPair), ([a, b]) => {
        expect(sign(compareKeys(viSortKey(a), viSortKey(b)))).toBe(sign(compareVietnamese(a, b)));
      }),
      { numRuns: 5000 },
    );
  });

  it('the reference order is a total order (antisymmetric, transitive, ties only for equal texts)', () => {
    fc.assert(
      fc.property(text, text, text, (a, b, c) => {
        expect(sign(compareVietnamese(a, b)) + sign(compareVietnamese(b, a))).toBe(0);
        expect(compareVietnamese(a, b) === 0).toBe(a === b);
        if (compareVietnamese(a, b) <= 0 && compareVietnamese(b, c) <= 0) expect(compareVietnamese(a, c)).toBeLessThanOrEqual(0);
      }),
      { numRuns: 2000 },
    );
  });

  it('migration 0075 holds the SQL function the TypeScript tables print', () => {
    const sql = fs.readFileSync(path.join(import.meta.dirname, '../../../migrations/0075-add-vietnamese-sort-keys.sql'), 'utf8');
    expect(sql).toContain(viSortKeySql());
  });
});

describe('Vietnamese order in the database', () => {
  let t: TestContext;
  beforeAll(async () => {
    t = await testContext();
  });
  afterAll(() => t.close());

  it('vi_sort_key() in SQL gives the TypeScript key, and ORDER BY … COLLATE "C" sorts like the reference', async () => {
    // PostgreSQL text holds no NUL; the generator above has none.
    const samples = fc.sample(fc.oneof(text, nearPair.map(([a]) => a)), { numRuns: 400, seed: 16 });
    samples.push('Đặng Thị Mai', 'Dương Văn Đức', "Số 12, ngõ 35, phố Đội Cấn", 'O\'Neil "X"\\y');
    const r = await t.db.pool.query<{ s: string; k: string }>('SELECT s, vi_sort_key(s) AS k FROM unnest($1::text[]) AS s', [samples]);
    for (const row of r.rows) expect(row.k).toBe(viSortKey(row.s));
    const ordered = await t.db.pool.query<{ s: string }>('SELECT s FROM unnest($1::text[]) AS s ORDER BY vi_sort_key(s) COLLATE "C"', [samples]);
    expect(ordered.rows.map((x) => x.s)).toEqual([...samples].sort(compareVietnamese));
  });

  it('folds for "contains" alike in SQL and TypeScript, without case, tones or marks', async () => {
    expect(viFold('Phố Đội Cấn')).toBe(viFold('pho doi can'));
    expect(viFold('Số 12, phố Đội Cấn')).toContain(viFold('DOI CAN'));
    const samples = fc.sample(text, { numRuns: 200, seed: 7 });
    const r = await t.db.pool.query<{ s: string; f: string }>(`SELECT s, ${VI_FOLD_SQL('vi_sort_key(s)')} AS f FROM unnest($1::text[]) AS s`, [samples]);
    for (const row of r.rows) expect(row.f).toBe(viFold(row.s));
  });

  it('a changed name without its key gets one from the trigger', async () => {
    const { newPerson } = await import('../../../test/people-factory.js');
    const p = await newPerson(t.ctx, { fullName: 'Đỗ Văn Lâm' });
    const key = async () => (await t.db.pool.query<{ name_sort: string }>('SELECT name_sort FROM person WHERE pin = $1', [p.pin])).rows[0]!.name_sort;
    expect(await key()).toBe(viSortKey('Đỗ Văn Lâm'));
    await t.db.pool.query("UPDATE person SET full_name = 'Đỗ Văn Lãm' WHERE pin = $1", [p.pin]);
    expect(await key()).toBe(viSortKey('Đỗ Văn Lãm'));
  });
});
