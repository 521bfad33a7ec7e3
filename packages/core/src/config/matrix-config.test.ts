import { describe, expect, it } from 'vitest';
import { withMatrixWorkspace } from './matrix-config.js';
import { configSchema } from './schema.js';

const variants = [
  { name: 'qwen', agents: {} },
  { name: 'claude', agents: {} },
];

describe('withMatrixWorkspace', () => {
  const config = (run: Record<string, unknown>, matrix?: unknown) =>
    configSchema.parse({
      providers: { p: { type: 'openai', model: 'm' } },
      agents: { coder: { provider: 'p' }, evaluator: { provider: 'p' } },
      tasks: './task.json',
      run,
      ...(matrix !== undefined && { matrix }),
    });

  it('gives a matrix run copies where it would work in place, and leaves other runs alone', () => {
    expect(withMatrixWorkspace(config({}, variants)).run.workspace).toBe('copy');
    expect(withMatrixWorkspace(config({ workspace: 'worktree' }, variants)).run.workspace).toBe('worktree');
    expect(withMatrixWorkspace(config({})).run.workspace).toBe('inplace');
  });
});
