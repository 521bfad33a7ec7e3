import { describe, expect, it } from 'vitest';
import { matrixTasks } from './matrix-tasks.js';

const variants = [
  { name: 'qwen', agents: {} },
  { name: 'claude', agents: {} },
];

describe('matrixTasks', () => {
  it('runs each task once per variant, as <taskId>@<variant>, variants of a task next to each other', () => {
    const tasks = [
      { id: 'calc', index: 0, dir: '/p/calc', prompt: 'fix' },
      { id: 'docs', index: 1, dir: '/p/docs', prompt: 'write' },
    ];
    expect(matrixTasks(tasks, variants)).toEqual([
      { id: 'calc@qwen', index: 0, dir: '/p/calc', prompt: 'fix', variant: 'qwen' },
      { id: 'calc@claude', index: 1, dir: '/p/calc', prompt: 'fix', variant: 'claude' },
      { id: 'docs@qwen', index: 2, dir: '/p/docs', prompt: 'write', variant: 'qwen' },
      { id: 'docs@claude', index: 3, dir: '/p/docs', prompt: 'write', variant: 'claude' },
    ]);
  });
});
