import { clock } from '../../src/diagnosis/evidence';

describe('clock (evidence times, computed without Date)', () => {
  it('when given UTC ms, then it prints the same HH:MM:SS.mmm as toISOString', () => {
    const samples = [
      0,
      1,
      999,
      Date.UTC(2026, 10, 23, 0, 4, 22, 418),
      Date.UTC(2026, 10, 23, 23, 59, 59, 999),
      Date.UTC(2024, 1, 29, 12, 0, 5, 7),
      Date.UTC(1969, 11, 31, 23, 59, 59, 500),
      -1,
      1234.9,
      -1234.9,
    ];
    for (let i = 0; i < 2000; i++) {
      samples.push(Date.UTC(2026, 0, 1) + i * 7_654_321.3);
    }
    for (const ms of samples) {
      expect(clock(ms)).toBe(new Date(ms).toISOString().slice(11, 23));
    }
  });

  it('when there is no time or it is out of range, then it prints dashes', () => {
    expect(clock(null)).toBe('--:--:--.---');
    expect(clock(Number.NaN)).toBe('--:--:--.---');
    expect(clock(9e15)).toBe('--:--:--.---');
  });
});
