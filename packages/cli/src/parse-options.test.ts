import { InvalidArgumentError } from 'commander';
import { describe, expect, it } from 'vitest';
import { idList, positiveInteger, repeatable } from './parse-options.js';

describe('option parsers', () => {
  it('accepts whole numbers of 1 or more and refuses the rest with a message', () => {
    expect(positiveInteger('4')).toBe(4);
    for (const bad of ['0', '-1', '2.5', 'three', ''])
      expect(() => positiveInteger(bad), bad).toThrow(InvalidArgumentError);
  });

  it('collects --only ids from commas and repeated flags', () => {
    expect(idList('t-1, t-2', idList('t-0'))).toEqual(['t-0', 't-1', 't-2']);
    expect(idList(',,a,')).toEqual(['a']);
  });

  it('collects a repeated --reporter in order', () => {
    expect(repeatable('junit', repeatable('console'))).toEqual(['console', 'junit']);
  });
});
