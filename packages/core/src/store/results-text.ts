import type { RunResults, TaskResult } from '../plugin/run-results.js';

/** Stands for the tasks in the text of everything else; JSON cannot contain it unescaped. */
const tasksPlaceholder = '\u0000tasks\u0000';

/**
 * The text of `results.json`: exactly `JSON.stringify(results, null, 2)`, but put together from
 * each task's own text (`taskText`, which a caller can keep for each task), so that a snapshot of
 * 10,000 tasks taken every second does not serialise 10,000 results again each time. `head`
 * gets the text of everything but the tasks (to mask it) before they are put in.
 */
export function resultsText(
  results: RunResults,
  taskText: (task: TaskResult) => string = taskResultText,
  head: (text: string) => string = (text) => text,
): string {
  const rest = head(JSON.stringify({ ...results, tasks: tasksPlaceholder }, null, 2));
  const tasks = results.tasks.length === 0 ? '[]' : `[\n    ${results.tasks.map(taskText).join(',\n    ')}\n  ]`;
  return `${rest.replace(JSON.stringify(tasksPlaceholder), () => tasks)}\n`;
}

/**
 * One task's part of `results.json`, indented as an element of its `tasks` array. Split and
 * joined rather than `replaceAll`ed: V8 keeps a `replaceAll` result as a rope of pieces, three
 * times the size of the flat string `join` makes, and this text is kept for the rest of the run.
 */
export function taskResultText(task: TaskResult): string {
  return JSON.stringify(task, null, 2).split('\n').join('\n    ');
}
