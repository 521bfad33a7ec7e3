import type { RunResults } from '@agentbatch/core';
import { expect } from 'vitest';
import type { ScriptedModelServer } from './scripted-model-server.js';

/** The run counted, per role, exactly the calls and tokens the scripted server answered: nothing lost, nothing twice. */
export function expectUsageMatchesServer(results: RunResults, server: ScriptedModelServer): void {
  for (const role of ['coder', 'evaluator'] as const) {
    const served = server.totals(role);
    const counted = results.summary.usageByRole[role];
    expect(counted.calls, `${role} calls`).toBe(served.calls);
    expect(counted.inputTokens, `${role} input tokens`).toBe(served.inputTokens);
    expect(counted.outputTokens, `${role} output tokens`).toBe(served.outputTokens);
    expect(counted.cachedInputTokens, `${role} cached tokens`).toBe(served.cachedInputTokens);
    expect(counted.totalTokens, `${role} total tokens`).toBe(served.inputTokens + served.outputTokens);
  }
}
