import { appendFileSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RunEvent, RunResults, TaskResult, Usage } from '@agentbatch/core';

export interface SyntheticRunOptions {
  tasks: number;
  /** Roughly how many bytes of transcript each task gets. */
  transcriptBytes: number;
}

const usage = (inputTokens: number, outputTokens: number): Usage => ({
  calls: 1,
  inputTokens,
  outputTokens,
  cachedInputTokens: 0,
  reasoningTokens: 0,
  totalTokens: inputTokens + outputTokens,
});

const sum = (usages: Usage[]): Usage =>
  usages.reduce(
    (total, next) => ({
      calls: total.calls + next.calls,
      inputTokens: total.inputTokens + next.inputTokens,
      outputTokens: total.outputTokens + next.outputTokens,
      cachedInputTokens: 0,
      reasoningTokens: 0,
      totalTokens: total.totalTokens + next.totalTokens,
    }),
    { ...usage(0, 0), calls: 0 },
  );

/**
 * A finished run folder of any size, written as a run writes it (events, results, one transcript
 * per task with tool calls and long tool output), without running any model: for the view's
 * scale tests and benchmark.
 */
export function writeSyntheticRun({ tasks, transcriptBytes }: SyntheticRunOptions): {
  outDir: string;
  runDir: string;
  runId: string;
} {
  const outDir = join(mkdtempSync(join(tmpdir(), 'agentbatch-synthetic-')), 'runs');
  const runId = `2026-12-01_10-00-00_${tasks.toString(16).padStart(4, '0')}`;
  const runDir = join(outDir, runId);
  mkdirSync(join(runDir, 'tasks'), { recursive: true });
  const start = Date.parse('2026-12-01T10:00:00.000Z');
  const at = (ms: number) => new Date(start + ms).toISOString();
  const lines: string[] = [];
  const log = (event: RunEvent): void => {
    lines.push(JSON.stringify(event));
  };
  log({ time: at(0), type: 'run-start', runId, runDir, total: tasks, concurrency: 20, resumed: false });
  const results: TaskResult[] = [];
  for (let index = 0; index < tasks; index++) {
    const id = `t-${index.toString(16).padStart(10, '0')}`;
    const begin = Math.floor(index / 20) * 30_000 + (index % 20) * 200;
    const dir = `/work/projects/project-${index}`;
    const prompt = `[task ${index}] Fix the failing test in module ${index % 37} and keep the public API unchanged.`;
    log({ time: at(begin), type: 'task-start', taskId: id, index, dir, prompt });
    log({ time: at(begin + 10), type: 'iteration-start', taskId: id, iteration: 1 });
    const coder = [usage(1200 + index, 80), usage(2400 + index, 120), usage(3100 + index, 60)];
    const evaluator = [usage(900 + index, 40)];
    for (const [step, call] of coder.entries()) {
      log({
        time: at(begin + 2000 * (step + 1)),
        type: 'model-call-end',
        taskId: id,
        iteration: 1,
        role: 'coder',
        provider: 'local',
        model: 'm',
        usage: call,
        costUsd: call.totalTokens / 1e6,
        durationMs: 1900,
        finishReason: 'stop',
      });
    }
    log({
      time: at(begin + 9000),
      type: 'model-call-end',
      taskId: id,
      iteration: 1,
      role: 'evaluator',
      provider: 'local',
      model: 'm',
      usage: evaluator[0] as Usage,
      costUsd: (evaluator[0] as Usage).totalTokens / 1e6,
      durationMs: 900,
      finishReason: 'tool_calls',
    });
    const status = index % 10 === 9 ? 'failed' : 'completed';
    const verdict = { status, summary: status === 'completed' ? 'The test passes.' : 'Cannot be done.' } as const;
    log({ time: at(begin + 9100), type: 'verdict', taskId: id, iteration: 1, role: 'evaluator', verdict });
    log({ time: at(begin + 9100), type: 'iteration-end', taskId: id, iteration: 1 });
    const all = [...coder, ...evaluator];
    const result: TaskResult = {
      id,
      index,
      dir,
      prompt,
      status,
      iterations: 1,
      durationMs: 9100,
      usage: sum(all),
      usageByRole: { coder: sum(coder), evaluator: sum(evaluator) },
      costUsd: sum(all).totalTokens / 1e6,
      verdict,
      error: null,
    };
    results.push(result);
    log({ time: at(begin + 9200), type: 'task-end', taskId: id, result, done: index + 1, total: tasks });
    writeTranscript(join(runDir, 'tasks', id), at(begin), prompt, transcriptBytes);
  }
  const summaryUsage = sum(results.map((task) => task.usage));
  const runResults: RunResults = {
    schemaVersion: 1,
    runId,
    status: 'failed',
    startedAt: at(0),
    endedAt: at(Math.ceil(tasks / 20) * 30_000),
    durationMs: Math.ceil(tasks / 20) * 30_000,
    summary: {
      total: tasks,
      completed: results.filter((task) => task.status === 'completed').length,
      incomplete: 0,
      failed: results.filter((task) => task.status === 'failed').length,
      error: 0,
      timeout: 0,
      cancelled: 0,
      usage: summaryUsage,
      usageByRole: {
        coder: sum(results.map((task) => task.usageByRole.coder)),
        evaluator: sum(results.map((task) => task.usageByRole.evaluator)),
      },
      costUsd: summaryUsage.totalTokens / 1e6,
    },
    tasks: results,
  };
  log({ time: runResults.endedAt, type: 'run-end', results: runResults });
  writeFileSync(join(runDir, 'events.jsonl'), `${lines.join('\n')}\n`);
  writeFileSync(join(runDir, 'results.json'), JSON.stringify(runResults, null, 2));
  writeFileSync(join(runDir, 'run.json'), JSON.stringify({ runId, configPath: '', startedAt: at(0) }));
  return { outDir, runDir, runId };
}

/** A coder that reads a long file and edits it, an evaluator that accepts: `bytes` of it, mostly tool output. */
function writeTranscript(dir: string, time: string, prompt: string, bytes: number): void {
  mkdirSync(dir, { recursive: true });
  const file = join(dir, 'transcript.jsonl');
  const entry = (role: 'coder' | 'evaluator', message: unknown) =>
    appendFileSync(file, `${JSON.stringify({ type: 'message', time, iteration: 1, role, message })}\n`);
  entry('coder', { role: 'user', content: prompt });
  const output = Array.from(
    { length: Math.max(1, Math.ceil(bytes / 2 / 60)) },
    (_, line) => `${String(line + 1).padStart(5)}: export function step${line}(value) { return value + ${line}; }`,
  ).join('\n');
  for (let call = 0; call < 2; call++) {
    entry('coder', {
      role: 'assistant',
      content: call === 0 ? 'Reading the module.' : '',
      toolCalls: [
        { id: `c${call}`, name: 'read_file', argumentsText: JSON.stringify({ path: `src/part-${call}.js` }) },
      ],
    });
    entry('coder', { role: 'tool', toolCallId: `c${call}`, toolName: 'read_file', content: output });
  }
  entry('coder', { role: 'assistant', content: 'Fixed the off-by-one in step3.' });
  entry('evaluator', { role: 'user', content: `# The task given to the coder\n\n${prompt}` });
  entry('evaluator', {
    role: 'assistant',
    content: '',
    toolCalls: [
      { id: 'v1', name: 'submit_verdict', argumentsText: '{"status":"completed","summary":"The test passes."}' },
    ],
  });
  entry('evaluator', { role: 'tool', toolCallId: 'v1', toolName: 'submit_verdict', content: 'Verdict recorded.' });
}
