import { describe, expect, it } from 'vitest';
import { parseDuration } from './duration.js';

describe('parseDuration', () => {
  it.each([
    ['1500', 1500],
    ['0', 0],
    ['250ms', 250],
    ['90s', 90_000],
    ['30m', 1_800_000],
    ['1h', 3_600_000],
    ['1h30m', 5_400_000],
    ['2m30s', 150_000],
    ['1.5s', 1500],
    ['  45s  ', 45_000],
  ])('reads %j as %d ms', (text, expected) => {
    expect(parseDuration(text)).toBe(expected);
  });

  it('takes a number as milliseconds', () => {
    expect(parseDuration(1234)).toBe(1234);
    expect(parseDuration(0)).toBe(0);
  });

  it.each(['', 'soon', '30 m', '10d', '-5', '5s later', 'm', '1h 30m', 's30'])('rejects %j', (text) => {
    expect(parseDuration(text)).toBeUndefined();
  });

  it('rejects negative, infinite and NaN numbers', () => {
    expect(parseDuration(-1)).toBeUndefined();
    expect(parseDuration(Number.POSITIVE_INFINITY)).toBeUndefined();
    expect(parseDuration(Number.NaN)).toBeUndefined();
  });
});
