import { describe, expect, it } from 'vitest';
import { didYouMean } from './did-you-mean.js';

describe('didYouMean', () => {
  const keys = ['concurrency', 'maxIterations', 'outDir', 'taskTimeout', 'budget'];

  it.each([
    ['concurency', 'concurrency'],
    ['cocnurrency', 'concurrency'],
    ['maxIteration', 'maxIterations'],
    ['outdir', 'outDir'],
    ['budgte', 'budget'],
  ])('suggests %s → %s', (typo, meant) => {
    expect(didYouMean(typo, keys)).toBe(meant);
  });

  it('suggests nothing for a word unlike every key', () => {
    expect(didYouMean('colour', keys)).toBeUndefined();
    expect(didYouMean('x', keys)).toBeUndefined();
  });
});
