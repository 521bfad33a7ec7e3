import { describe, expect, it } from 'vitest';
import { emptyUsage, usageOfCall } from '../model/usage.js';
import { UsageMeter } from './usage-meter.js';

const call = (inputTokens: number, outputTokens: number, cachedInputTokens = 0, reasoningTokens = 0) =>
  usageOfCall({ inputTokens, outputTokens, cachedInputTokens, reasoningTokens });

describe('UsageMeter', () => {
  it('starts empty', () => {
    const meter = new UsageMeter();
    expect(meter.usage).toEqual(emptyUsage());
    expect(meter.usageByRole).toEqual({ coder: emptyUsage(), evaluator: emptyUsage() });
    expect(meter.costUsd).toBe(0);
  });

  it('sums calls per role exactly, and both roles in usage', () => {
    const meter = new UsageMeter();
    meter.record('coder', call(1000, 200, 300, 50), undefined);
    meter.record('coder', call(1, 2), undefined);
    meter.record('evaluator', call(500, 100), undefined);
    expect(meter.usageByRole.coder).toEqual({
      calls: 2,
      inputTokens: 1001,
      outputTokens: 202,
      cachedInputTokens: 300,
      reasoningTokens: 50,
      totalTokens: 1203,
    });
    expect(meter.usageByRole.evaluator.totalTokens).toBe(600);
    expect(meter.usage).toEqual({
      calls: 3,
      inputTokens: 1501,
      outputTokens: 302,
      cachedInputTokens: 300,
      reasoningTokens: 50,
      totalTokens: 1803,
    });
  });

  it('prices each call, cached input at its own rate, and returns the call cost', () => {
    const meter = new UsageMeter();
    const pricing = { input: 2, output: 8, cachedInput: 0.5 };
    // 600 uncached × 2 + 400 cached × 0.5 + 100 out × 8 = 1200 + 200 + 800 = 2200 per million.
    expect(meter.record('coder', call(1000, 100, 400), pricing).costUsd).toBeCloseTo(0.0022, 12);
    // Without cachedInput, cached tokens cost the input rate.
    expect(meter.record('evaluator', call(1000, 0, 400), { input: 1, output: 1 }).costUsd).toBeCloseTo(0.001, 12);
    expect(meter.record('coder', call(1000, 100), undefined).costUsd).toBe(0);
    expect(meter.costUsd).toBe(0.0032);
  });

  it('rounds the cost to micro-dollars, free of float noise', () => {
    const meter = new UsageMeter();
    for (let index = 0; index < 10; index++) meter.record('coder', call(100_000, 0), { input: 1, output: 0 });
    expect(meter.costUsd).toBe(1);
    meter.record('coder', call(1, 0), { input: 0.3, output: 0 });
    expect(meter.costUsd).toBe(1);
  });

  it('hands out copies, so callers cannot change its counts', () => {
    const meter = new UsageMeter();
    meter.record('coder', call(10, 5), undefined);
    const copy = meter.usageByRole;
    copy.coder.inputTokens = 999;
    expect(meter.usageByRole.coder.inputTokens).toBe(10);
  });

  it('restores usage spent before (a resumed task)', () => {
    const task = new UsageMeter();
    task.restore({ byRole: { coder: call(100, 10), evaluator: call(50, 5) }, costUsd: 0.25 });
    task.record('coder', call(1, 1), undefined);
    expect(task.usageByRole.coder.totalTokens).toBe(112);
    expect(task.usageByRole.evaluator.totalTokens).toBe(55);
    expect(task.costUsd).toBe(0.25);
    expect(task.spent).toEqual({ totalTokens: 167, costUsd: 0.25 });
  });
});
