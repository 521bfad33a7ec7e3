import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { RunResults, TaskStatus } from '@agentbatch/core';
import { parse } from 'yaml';

const configNames = ['agentbatch.yaml', 'agentbatch.yml'];

/**
 * The batches in `folder` the launcher offers: configs, and task files (`task.json`, `*task*.json`)
 * that no config there names as its `tasks` — such a file is part of that config's batch, and run
 * alone it would miss the config's providers.
 */
export function batchFiles(folder: string): string[] {
  const names = readdirSync(folder).sort();
  const configs = names.filter((name) => configNames.includes(name));
  const taskFiles = names.filter((name) => name.endsWith('.json') && name.includes('task'));
  const named = new Set<string>();
  for (const config of configs) {
    try {
      // Only `tasks` is read: the config need not be complete (its variables set…) to be offered.
      const tasks = (parse(readFileSync(resolve(folder, config), 'utf8')) as { tasks?: unknown } | null)?.tasks;
      if (typeof tasks === 'string') named.add(resolve(folder, tasks));
    } catch {
      // A config that does not parse is still offered: running it shows what is wrong.
    }
  }
  return [...configs, ...taskFiles.filter((name) => !named.has(resolve(folder, name)))];
}

export type LastRunAction = 'resume' | 'retry-failed' | 'new';

export interface LastRunChoices {
  message: string;
  choices: Array<{ name: string; value: LastRunAction }>;
  /** What would help most: retrying tasks that ended badly, else continuing what never ended. */
  default: LastRunAction;
}

const retriedStatuses: readonly TaskStatus[] = ['error', 'incomplete', 'failed', 'timeout'];

/**
 * What the launcher offers for the last run when it did not pass. "Continue it" only runs tasks
 * that never ended (cancelled, or cut off by a crash), so it is offered only when there are some;
 * tasks that ended `error`, `incomplete`, `failed` or `timeout` need "run them again".
 */
export function lastRunChoices(last: RunResults): LastRunChoices {
  const unfinished = last.summary.cancelled + Math.max(0, last.summary.total - last.tasks.length);
  const ended = retriedStatuses
    .map((status) => [status, last.tasks.filter((task) => task.status === status).length] as const)
    .filter(([, count]) => count > 0);
  const endedCount = ended.reduce((sum, [, count]) => sum + count, 0);
  const endedText = ended.map(([status, count]) => `${count} ${status}`).join(', ');
  const tasks = (count: number) => `${count} task${count === 1 ? '' : 's'}`;
  const choices: LastRunChoices['choices'] = [];
  if (endedCount > 0) {
    choices.push({
      name: `Run again the ${tasks(endedCount)} that ended ${endedText}${unfinished > 0 ? `, and the ${unfinished} unfinished` : ''} (completed tasks are kept)`,
      value: 'retry-failed',
    });
  }
  if (unfinished > 0) {
    choices.push({
      name: `Continue it: run the ${tasks(unfinished)} that did not finish (ended tasks are kept)`,
      value: 'resume',
    });
  }
  choices.push({ name: 'Start a new run', value: 'new' });
  const state = last.status === 'interrupted' ? 'was interrupted' : 'did not complete every task';
  const summary = [`${last.summary.completed}/${last.summary.total} completed`, endedText].filter(Boolean).join(', ');
  return {
    message: `The last run (${last.runId}) ${state}: ${summary}.`,
    choices,
    default: choices[0]?.value ?? 'new',
  };
}
