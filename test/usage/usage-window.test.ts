import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalTime, logMicros, logTime, microsTime, parseWindowDays, usageWindow } from '../../lib/usage/usage-window';

describe('the window and the log\'s timestamps', () => {
  it('--window takes whole days', () => {
    expect(parseWindowDays('90d')).toBe(90);
    expect(parseWindowDays('1d')).toBe(1);
    for (const bad of ['90', '0d', '-1d', '1.5d', '3m', '90D', '']) expect(parseWindowDays(bad), bad).toBeUndefined();
  });

  it('a window ends at its end and starts that many days before, in the API server\'s time format', () => {
    expect(usageWindow(new Date('2026-11-24T00:00:00Z'), 90)).toEqual({ days: 90, from: '2026-08-26T00:00:00.000000Z', to: '2026-11-24T00:00:00.000000Z' });
  });

  it('reads the API server\'s timestamps as they are, and others converted', () => {
    expect(canonicalTime('2026-11-20T09:00:00.123456Z')).toBe('2026-11-20T09:00:00.123456Z');
    expect(canonicalTime('2026-11-20T09:00:00Z')).toBe('2026-11-20T09:00:00.000000Z');
    expect(canonicalTime('2026-11-20T10:00:00+01:00')).toBe('2026-11-20T09:00:00.000000Z');
    for (const bad of [undefined, '', 'yesterday', '1700000000']) expect(canonicalTime(bad), String(bad)).toBeUndefined();
  });

  it('compares timestamps as numbers exactly as the instants they are', () => {
    fc.assert(
      fc.property(fc.date({ min: new Date('1970-01-01T00:00:00Z'), max: new Date('2200-12-31T23:59:59Z'), noInvalidDate: true }), fc.integer({ min: 0, max: 999 }), (date, micros) => {
        const t = logTime(date.getTime()).replace(/\d{3}Z$/, `${String(micros).padStart(3, '0')}Z`);
        expect(logMicros(t)).toBe(date.getTime() * 1000 + micros);
        expect(microsTime(logMicros(t))).toBe(t);
      }),
      { numRuns: 2000 },
    );
  });
});
