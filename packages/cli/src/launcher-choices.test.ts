import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RunResults, TaskResult, TaskStatus } from '@agentbatch/core';
import { describe, expect, it } from 'vitest';
import { batchFiles, lastRunChoices } from './launcher-choices.js';

function folderWith(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'launcher-choices-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

describe('batchFiles', () => {
  it('offers the config, not the task file it names', () => {
    const dir = folderWith({ 'agentbatch.yaml': 'tasks: ./task.json\n', 'task.json': '{}', 'notes.txt': '' });
    expect(batchFiles(dir)).toEqual(['agentbatch.yaml']);
  });

  it('offers task files no config names, and a task.json alone', () => {
    const dir = folderWith({ 'agentbatch.yaml': 'tasks: ./task.json\n', 'task.json': '{}', 'more-tasks.json': '{}' });
    expect(batchFiles(dir)).toEqual(['agentbatch.yaml', 'more-tasks.json']);
    expect(batchFiles(folderWith({ 'task.json': '{}' }))).toEqual(['task.json']);
  });

  it('still offers a config with inline tasks or one that does not parse', () => {
    const dir = folderWith({ 'agentbatch.yaml': 'tasks: [\n', 'task.json': '{}' });
    expect(batchFiles(dir)).toEqual(['agentbatch.yaml', 'task.json']);
  });
});

function lastRun(statuses: TaskStatus[], total = statuses.length): RunResults {
  const tasks = statuses.map((status, index) => ({ id: `t${index}`, index, status }) as TaskResult);
  const count = (status: TaskStatus) => statuses.filter((s) => s === status).length;
  return {
    runId: 'r1',
    status: count('cancelled') > 0 || total > statuses.length ? 'interrupted' : 'failed',
    summary: { total, completed: count('completed'), cancelled: count('cancelled') },
    tasks,
  } as RunResults;
}

describe('lastRunChoices', () => {
  it('offers retrying tasks that ended in an error, by default, and no "continue" that would do nothing', () => {
    const offer = lastRunChoices(lastRun(['completed', 'error', 'error']));
    expect(offer.default).toBe('retry-failed');
    expect(offer.choices.map((choice) => choice.value)).toEqual(['retry-failed', 'new']);
    expect(offer.choices[0]?.name).toContain('2 tasks that ended 2 error');
    expect(offer.message).toContain('1/3 completed, 2 error');
  });

  it('offers continuing an interrupted run by default when nothing ended badly', () => {
    const offer = lastRunChoices(lastRun(['completed', 'cancelled'], 4));
    expect(offer.default).toBe('resume');
    expect(offer.choices.map((choice) => choice.value)).toEqual(['resume', 'new']);
    expect(offer.choices[0]?.name).toContain('3 tasks that did not finish');
    expect(offer.message).toContain('was interrupted');
  });

  it('offers both when some tasks ended badly and others never ended', () => {
    const offer = lastRunChoices(lastRun(['incomplete', 'timeout', 'cancelled']));
    expect(offer.default).toBe('retry-failed');
    expect(offer.choices.map((choice) => choice.value)).toEqual(['retry-failed', 'resume', 'new']);
    expect(offer.choices[0]?.name).toContain('1 incomplete, 1 timeout, and the 1 unfinished');
  });
});
