import { describe, expect, it } from 'vitest';
import type { TaskDefinition } from '../tasks/task-definition.js';
import { workspaceLanes } from './workspace-lanes.js';

const task = (id: string, dir: string, index: number): TaskDefinition => ({ id, index, dir, prompt: id });
const tasks = [task('a', '/p1', 0), task('b', '/p2', 1), task('c', '/p1', 2), task('d', '/p3', 3), task('e', '/p1', 4)];

describe('workspaceLanes', () => {
  it('puts tasks of one folder in one lane, in task order, and the lanes in order of first appearance', () => {
    expect(workspaceLanes(tasks, 'serial').map((lane) => lane.map((entry) => entry.id))).toEqual([
      ['a', 'c', 'e'],
      ['b'],
      ['d'],
    ]);
  });

  it('gives every task its own lane with sharedDirs: parallel', () => {
    expect(workspaceLanes(tasks, 'parallel').map((lane) => lane.map((entry) => entry.id))).toEqual([
      ['a'],
      ['b'],
      ['c'],
      ['d'],
      ['e'],
    ]);
  });
});
