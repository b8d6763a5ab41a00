import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  bigEnough,
  chipFileOf,
  formatRate,
  normaliseMrz,
  portraitCrop,
  portraitOutput,
  proofFileName,
  toCsv,
} from './cards-logic.js';

describe('portraitCrop', () => {
  it('takes the middle of a landscape webcam frame as a 3:4 portrait', () => {
    expect(portraitCrop(640, 480)).toEqual({ x: 140, y: 0, width: 360, height: 480 });
    expect(portraitCrop(1280, 720)).toEqual({ x: 370, y: 0, width: 540, height: 720 });
  });

  it('takes the middle band of a tall phone frame', () => {
    expect(portraitCrop(480, 1000)).toEqual({ x: 0, y: 180, width: 480, height: 640 });
  });

  it('always fits inside the frame, centred, at about 3:4', () => {
    fc.assert(
      fc.property(fc.integer({ min: 8, max: 5000 }), fc.integer({ min: 8, max: 5000 }), (w, h) => {
        const c = portraitCrop(w, h);
        expect(c.x).toBeGreaterThanOrEqual(0);
        expect(c.y).toBeGreaterThanOrEqual(0);
        expect(c.x + c.width).toBeLessThanOrEqual(w);
        expect(c.y + c.height).toBeLessThanOrEqual(h);
        expect(Math.abs(c.width / c.height - 0.75)).toBeLessThan(0.2);
        // One side of the frame is used whole.
        expect(c.width === w || c.height === h).toBe(true);
      }),
    );
  });

  it('draws big frames down to 600×800 and leaves small ones as they are', () => {
    expect(portraitOutput({ width: 1080, height: 1440 })).toEqual({ width: 600, height: 800 });
    expect(portraitOutput({ width: 360, height: 480 })).toEqual({ width: 360, height: 480 });
    expect(bigEnough({ width: 360, height: 480 })).toBe(true);
    expect(bigEnough({ width: 270, height: 360 })).toBe(false);
  });
});

describe('chipFileOf', () => {
  it('knows the chip files by the names reader apps give them', () => {
    expect(chipFileOf('EF.DG1.bin')).toBe('dg1');
    expect(chipFileOf('EF.DG2.bin')).toBe('dg2');
    expect(chipFileOf('EF.DG13.bin')).toBe('dg13');
    expect(chipFileOf('EF.SOD.bin')).toBe('sod');
    expect(chipFileOf('dg13')).toBe('dg13');
    expect(chipFileOf('card-0123_DG1.bin')).toBe('dg1');
    expect(chipFileOf('sod.der')).toBe('sod');
  });

  it('does not guess at anything else', () => {
    expect(chipFileOf('photo.jpg')).toBeUndefined();
    expect(chipFileOf('EF.DG14.bin')).toBeUndefined();
    expect(chipFileOf('DG11.bin')).toBeUndefined();
  });
});

describe('normaliseMrz', () => {
  it('drops blank lines and spaces and joins the three lines with \\n', () => {
    expect(normaliseMrz('  idvnm0123<<\r\n\r\n 9001011f3001018vnm<<  \nNGUYEN<<LAN \n')).toBe(
      'IDVNM0123<<\n9001011F3001018VNM<<\nNGUYEN<<LAN',
    );
  });
});

describe('formatRate', () => {
  it('is a percentage in the UI language, a dash when nothing was produced', () => {
    expect(formatRate(0.875, 'en')).toBe('87.5%');
    // ICU versions differ on the space before % in Vietnamese.
    expect(formatRate(0.875, 'vi')).toMatch(/^87,5\s?%$/);
    expect(formatRate(null, 'vi')).toBe('—');
  });
});

describe('toCsv', () => {
  it('quotes what needs quoting and defuses formulas', () => {
    expect(
      toCsv(
        ['Đơn vị', 'Tỉ lệ'],
        [
          ['Phường "Ba Đình"', 0.5],
          ['=1+1', null],
        ],
      ),
    ).toBe('Đơn vị,Tỉ lệ\r\n"Phường ""Ba Đình""",0.5\r\n\'=1+1,\r\n');
  });
});

describe('proofFileName', () => {
  it('names the kind, the PIN and the instant', () => {
    expect(
      proofFileName({ kind: 'qr', checkedAt: '2026-01-05T08:00:01.123Z', data: { pin: '001088012345' } }),
    ).toBe('kiem-tra-the-qr-001088012345-20260105080001.jws');
    expect(proofFileName({ kind: 'mrz', checkedAt: '2026-01-05T08:00:01.123Z', data: {} })).toBe(
      'kiem-tra-the-mrz-20260105080001.jws',
    );
  });
});
