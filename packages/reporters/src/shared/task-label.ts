import { basename } from 'node:path';
import type { TaskResult } from '@agentbatch/core';
import { firstLine } from './first-line.js';

/**
 * How reports name a task for a reader: its folder and the start of its prompt
 * (`calculator: Fix add so that…`), which a user recognises where the hash id says nothing.
 */
export function taskLabel(task: Pick<TaskResult, 'dir' | 'prompt'>, promptLength = 60): string {
  const prompt = firstLine(task.prompt, promptLength);
  const folder = basename(task.dir) || task.dir;
  return prompt ? `${folder}: ${prompt}` : folder;
}

/** The evaluator's last verdict summary on one line, or `''` when it gave none. */
export function verdictLine(task: Pick<TaskResult, 'verdict'>, maxLength = 100): string {
  return task.verdict ? firstLine(task.verdict.summary, maxLength) : '';
}
