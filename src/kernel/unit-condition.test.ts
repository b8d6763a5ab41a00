import { describe, expect, it } from 'vitest';
import { unitCondition, unitFilter } from './access.js';

describe('a unit filter as SQL', () => {
  it('names the commune or the province column and takes the next parameter', () => {
    const params: unknown[] = ['open'];
    expect(unitCondition({ level: 'commune', code: '00004' }, params, 'p')).toBe('p.unit_code = $2');
    expect(unitCondition(unitFilter('01'), params)).toBe('province_code = $3');
    expect(params).toEqual(['open', '00004', '01']);
  });

  it('reads a typed unit code by its length', () => {
    expect(unitFilter('79')).toEqual({ level: 'province', code: '79' });
    expect(unitFilter('26734')).toEqual({ level: 'commune', code: '26734' });
  });
});
