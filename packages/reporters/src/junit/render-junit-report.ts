import type { RunResults, TaskResult } from '@agentbatch/core';
import { firstLine } from '../shared/first-line.js';
import { formatInteger, formatUsd } from '../shared/format-number.js';
import { taskLabel } from '../shared/task-label.js';
import { escapeXmlAttribute as attr, escapeXmlText as text } from './escape-xml.js';

/**
 * Renders a run's results as JUnit XML for CI test-report viewers: one `<testsuite>` with one
 * `<testcase classname="agentbatch">` per task, in task-list order, named `<folder>: <first line of
 * the prompt>` (the id is in its output) and timed in seconds. Every task that did not complete gets a `<failure>` whose `type` is
 * the error code (else the status) and whose `message` is the error message (else the evaluator's
 * verdict summary); `failures` counts them and `errors` is always 0, since the CI job ran fine even
 * when the model or its provider did not. Pure, so it can re-render a stored `results.json`.
 */
export function renderJUnitReport(results: RunResults): string {
  const tasks = [...results.tasks].sort((a, b) => a.index - b.index);
  const failures = tasks.filter((task) => task.status !== 'completed').length;
  const counts = `tests="${tasks.length}" failures="${failures}" errors="0"`;
  const time = `time="${seconds(results.durationMs)}"`;
  const usage = results.summary.usage;
  const properties: Array<[string, string]> = [
    ['runId', results.runId],
    ['status', results.status],
    ['totalTokens', String(usage.totalTokens)],
    ['inputTokens', String(usage.inputTokens)],
    ['outputTokens', String(usage.outputTokens)],
    ['costUsd', String(Math.round(results.summary.costUsd * 1e6) / 1e6)],
  ];
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="agentbatch" ${counts} ${time}>`,
    `  <testsuite name="${attr(`agentbatch ${results.runId}`)}" ${counts} skipped="0" ${time} timestamp="${attr(results.startedAt)}">`,
    '    <properties>',
    ...properties.map(([name, value]) => `      <property name="${attr(name)}" value="${attr(value)}"/>`),
    '    </properties>',
    ...tasks.map(testcase),
    '  </testsuite>',
    '</testsuites>',
    '',
  ].join('\n');
}

function testcase(task: TaskResult): string {
  const name = taskLabel(task, 80);
  const lines = [`    <testcase name="${attr(name)}" classname="agentbatch" time="${seconds(task.durationMs)}">`];
  if (task.status !== 'completed') {
    const cause = task.error?.message ?? task.verdict?.summary ?? `task ended with status ${task.status}`;
    const type = task.error?.code ?? task.status;
    lines.push(
      `      <failure message="${attr(firstLine(cause, 200))}" type="${attr(type)}">${text(details(task))}</failure>`,
    );
  }
  lines.push(`      <system-out>${text(summary(task))}</system-out>`, '    </testcase>');
  return lines.join('\n');
}

/** The failure's body: everything known about why the task did not complete. */
function details(task: TaskResult): string {
  const lines = [`status: ${task.status}`, `iterations: ${task.iterations}`];
  if (task.error) lines.push(`error (${task.error.code}): ${task.error.message}`);
  if (task.verdict) lines.push(`verdict (${task.verdict.status}): ${task.verdict.summary}`);
  return lines.join('\n');
}

function summary(task: TaskResult): string {
  const { coder, evaluator } = task.usageByRole;
  const lines = [
    `id: ${task.id}`,
    `dir: ${task.dir}`,
    `iterations: ${task.iterations}`,
    `tokens: ${formatInteger(task.usage.totalTokens)} (coder ${formatInteger(coder.totalTokens)}, evaluator ${formatInteger(evaluator.totalTokens)})`,
    `cost: ${formatUsd(task.costUsd)}`,
  ];
  if (task.verdict && task.status === 'completed') lines.push(`verdict: ${task.verdict.summary}`);
  for (const attempt of task.attempts ?? []) {
    const chosen = attempt.attempt === task.chosenAttempt ? ' (chosen)' : '';
    lines.push(
      `attempt ${attempt.attempt}${chosen}: ${attempt.status}, ${attempt.iterations} iterations, ${formatInteger(attempt.usage.totalTokens)} tokens, ${formatUsd(attempt.costUsd)}`,
    );
  }
  if (task.branch) lines.push(`branch: ${task.branch}`);
  if (task.applyBack)
    lines.push(`apply back: ${task.applyBack.status}${task.applyBack.message ? ` (${task.applyBack.message})` : ''}`);
  return lines.join('\n');
}

function seconds(milliseconds: number): string {
  return (milliseconds / 1000).toFixed(3);
}
