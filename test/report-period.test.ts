// The monthly page's period: the last full calendar month by default, written with the era year.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { daysOf, isWholeMonth, lastFullMonth, periodText } from '../src/report/html/period.js';

describe('the monthly period', () => {
  it('is the calendar month before today, whatever the day (January: last December)', () => {
    expect(lastFullMonth(new Date(2026, 11, 2))).toEqual({ since: '2026-11-01', until: '2026-11-30' });
    expect(lastFullMonth(new Date(2027, 0, 31, 23, 59))).toEqual({ since: '2026-12-01', until: '2026-12-31' });
    expect(lastFullMonth(new Date(2028, 2, 1))).toEqual({ since: '2028-02-01', until: '2028-02-29' });
    fc.assert(
      fc.property(fc.date({ min: new Date(2000, 0, 1), max: new Date(2099, 11, 31), noInvalidDate: true }), (now) => {
        const p = lastFullMonth(now);
        expect(isWholeMonth(p)).toBe(true);
        const days = daysOf(p);
        expect(days[0]).toBe(p.since);
        expect(days.at(-1)).toBe(p.until);
        expect(days.length).toBeGreaterThanOrEqual(28);
        expect(days.length).toBeLessThanOrEqual(31);
      }),
    );
  });

  it('is written as the statistics write it: the era year, the Western year beside it', () => {
    expect(periodText({ since: '2026-11-01', until: '2026-11-30' }, 'ja')).toBe('令和8年11月（2026年11月）');
    expect(periodText({ since: '2026-11-01', until: '2026-11-30' }, 'en')).toBe('November 2026');
    expect(periodText({ since: '2019-05-01', until: '2019-05-31' }, 'ja')).toBe('令和元年5月（2019年5月）');
    expect(periodText({ since: '2026-11-03', until: '2026-11-15' }, 'ja')).toBe('令和8年11月3日〜令和8年11月15日（2026年11月3日〜2026年11月15日）');
    expect(periodText({ since: '2026-11-03', until: '2026-11-15' }, 'en')).toBe('2026-11-03 – 2026-11-15');
  });

  it('lists every day, across month ends and leap days', () => {
    expect(daysOf({ since: '2028-02-27', until: '2028-03-01' })).toEqual(['2028-02-27', '2028-02-28', '2028-02-29', '2028-03-01']);
    expect(daysOf({ since: '2026-12-31', until: '2027-01-01' })).toEqual(['2026-12-31', '2027-01-01']);
  });
});
