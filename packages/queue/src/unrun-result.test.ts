import type { TaskCheckpoint, TaskDefinition } from '@agentbatch/core';
import { describe, expect, it } from 'vitest';
import { unrunResult } from './unrun-result.js';

const task: TaskDefinition = { id: 'calc', index: 0, dir: '/work/calc', prompt: 'Fix add' };
const cancelled = { code: 'cancelled', message: 'the run was interrupted' };

describe('unrunResult', () => {
  it("keeps what the task's checkpoint says it had done, the coder's last reply among it", () => {
    const checkpoint: TaskCheckpoint = {
      checkpointVersion: 1,
      taskId: 'calc',
      iterations: 1,
      instruction: 'Run the tests.',
      verdict: { status: 'continue', summary: 'untested', nextPrompt: 'Run the tests.' },
      elapsedMs: 1200,
      coder: [
        { role: 'user', content: 'Fix add' },
        { role: 'assistant', content: 'add returns a + b now.' },
      ],
      evaluator: [],
    };
    expect(unrunResult(task, { checkpoint, prior: undefined }, 'cancelled', cancelled)).toMatchObject({
      status: 'cancelled',
      iterations: 1,
      durationMs: 1200,
      verdict: checkpoint.verdict,
      lastResponse: 'add returns a + b now.',
    });
  });

  it('has no last reply for a task that never ran', () => {
    expect(unrunResult(task, undefined, 'cancelled', cancelled)).not.toHaveProperty('lastResponse');
  });
});
