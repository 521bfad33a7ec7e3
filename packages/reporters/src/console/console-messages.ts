/**
 * The console reporter's message catalogue. `zh` keeps the original system's Chinese lines word for
 * word (`🚀 开始并行执行 (并发数: 3)...`, `任务 1/5: 开始处理初始任务...`, `✅ 任务 1 完成 (耗时: 45.12s) [1/5]`,
 * `📊 状态: completed, 迭代次数: 3`, `💾 Token使用: 总计1,890 (输入1,200, 输出690) - 3次调用`); `en` is
 * their English translation. Messages get already formatted numbers and durations, and return one
 * line without timestamp, colour or newline.
 */
import type { ApplyBackResult, AttemptResult, RunStatus, TaskStatus, Usage, VerdictStatus } from '@agentbatch/core';
import { formatInteger } from '../shared/format-number.js';

export type ConsoleLang = 'en' | 'zh';

export interface ConsoleMessages {
  /** `🚀 Starting parallel run (concurrency: 3)...` */
  runStart(concurrency: number): string;
  /** `Task 1/5: started`; `task` is `1/5` (`1/5 @claude` under the `matrix:` variant `claude`). */
  taskStart(task: string): string;
  /** An iteration after the first begins (the first is announced by `taskStart`). */
  iterationStart(task: string, iteration: number): string;
  /** The evaluate stage starts. */
  evaluating(task: string, iteration: number): string;
  /** A stage other than `code` and `evaluate` ended. */
  stageEnd(task: string, iteration: number, stage: string, duration: string): string;
  /** A stage's own note, e.g. `Task 1/5: shell: npm ci exited with 0 (12.3s)`. */
  stageNote(task: string, stage: string, message: string): string;
  verdict(task: string, iteration: number, status: VerdictStatus, summary: string): string;
  /** `↻ Task 2/5: coder retry 1 in 2.0s (429 rate limited)` */
  retry(task: string, role: string, attempt: number, delay: string, reason: string): string;
  /** `✅ Task 1 completed (45.12s) [1/5]`; `task` is the task's index + 1 (`1 @claude` under a variant), `progress` is `done/total`. */
  taskEnd(icon: string, task: string, status: TaskStatus, duration: string, progress: string): string;
  /** `📊 Status: completed, iterations: 3` */
  taskStatus(status: TaskStatus, iterations: number): string;
  /** `💾 Tokens: 1,890 total (1,200 in, 690 out) - 3 calls` */
  tokens(usage: Usage): string;
  /** The same numbers without the `💾` lead, for the per-role lines of the summary. */
  roleTokens(role: string, usage: Usage): string;
  taskError(code: string, message: string): string;
  /** `🎯 Attempts: #1 incomplete 1,200 tokens · #2 completed 900 tokens ← chosen` */
  attempts(attempts: readonly AttemptResult[], chosen: number): string;
  /** `🌿 Branch: agentbatch/<runId>/<taskId>` */
  branch(name: string): string;
  /** Whether a copy's change reached the original folder. */
  applyBack(outcome: ApplyBackResult, dir: string): string;
  /** First summary line: run status, completed count, wall-clock duration. */
  runEnd(status: RunStatus, completed: number, total: number, duration: string): string;
  /** Counts of the tasks that did not complete, e.g. `failed 1 · timeout 2`. */
  statusCounts(counts: ReadonlyArray<readonly [TaskStatus, number]>): string;
  /** A task that did not complete, in the summary: `#2 docs: Write a README… - incomplete: No usage example.` */
  unfinishedTask(number: number, label: string, status: TaskStatus, detail: string): string;
  /** After the first few unfinished tasks: how many more, and where they all are. */
  moreUnfinished(count: number, report: string): string;
  cachedShare(share: string, cached: number, input: number): string;
  cost(usd: string): string;
  /** A `matrix:` variant in the summary: `🔀 claude: 2/2 completed, 3 iterations, 21,247 tokens, $0.0680, 9.34s` */
  variant(
    name: string,
    completed: number,
    total: number,
    iterations: number,
    tokens: number,
    usd: string,
    time: string,
  ): string;
  results(path: string): string;
}

const plural = (count: number, one: string, many: string) => `${formatInteger(count)} ${count === 1 ? one : many}`;

const en: ConsoleMessages = {
  runStart: (concurrency) => `🚀 Starting parallel run (concurrency: ${concurrency})...`,
  taskStart: (task) => `Task ${task}: started`,
  iterationStart: (task, iteration) => `Task ${task}: iteration ${iteration} coding...`,
  evaluating: (task, iteration) => `Task ${task}: iteration ${iteration} evaluating...`,
  stageEnd: (task, iteration, stage, duration) => `Task ${task}: iteration ${iteration} ${stage} done (${duration})`,
  stageNote: (task, stage, message) => `Task ${task}: ${stage}: ${message}`,
  verdict: (task, iteration, status, summary) =>
    `Task ${task}: iteration ${iteration} verdict: ${status}${summary ? ` - ${summary}` : ''}`,
  retry: (task, role, attempt, delay, reason) => `↻ Task ${task}: ${role} retry ${attempt} in ${delay} (${reason})`,
  taskEnd: (icon, task, status, duration, progress) => `${icon} Task ${task} ${status} (${duration}) [${progress}]`,
  taskStatus: (status, iterations) => `📊 Status: ${status}, iterations: ${iterations}`,
  tokens: (usage) => `💾 Tokens: ${enUsage(usage)}`,
  roleTokens: (role, usage) => `${role}: ${enUsage(usage)}`,
  taskError: (code, message) => `💥 Error (${code}): ${message}`,
  attempts: (attempts, chosen) =>
    `🎯 Attempts: ${attempts
      .map(
        (one) =>
          `#${one.attempt} ${one.status} ${formatInteger(one.usage.totalTokens)} tokens${one.attempt === chosen ? ' ← chosen' : ''}`,
      )
      .join(' · ')}`,
  branch: (name) => `🌿 Branch: ${name}`,
  applyBack: (outcome, dir) =>
    outcome.status === 'conflict'
      ? `⚠️ Not applied back to ${dir}: ${outcome.message ?? 'conflict'}`
      : outcome.status === 'applied'
        ? `↩️ Applied back to ${dir}`
        : `↩️ Nothing to apply back to ${dir}`,
  runEnd: (status, completed, total, duration) => `🏁 Run ${status}: ${completed}/${total} completed in ${duration}`,
  statusCounts: (counts) => counts.map(([status, count]) => `${status} ${count}`).join(' · '),
  unfinishedTask: (number, label, status, detail) => `#${number} ${label} - ${status}${detail ? `: ${detail}` : ''}`,
  moreUnfinished: (count, report) => `… and ${plural(count, 'more', 'more')} (see ${report})`,
  cachedShare: (share, cached, input) => `cached input: ${share} (${formatInteger(cached)} of ${formatInteger(input)})`,
  cost: (usd) => `💰 Cost: ${usd}`,
  variant: (name, completed, total, iterations, tokens, usd, time) =>
    `🔀 ${name}: ${completed}/${total} completed, ${plural(iterations, 'iteration', 'iterations')}, ${formatInteger(tokens)} tokens, ${usd}, ${time}`,
  results: (path) => `📁 Results: ${path}`,
};

function enUsage(usage: Usage): string {
  return `${formatInteger(usage.totalTokens)} total (${formatInteger(usage.inputTokens)} in, ${formatInteger(usage.outputTokens)} out) - ${plural(usage.calls, 'call', 'calls')}`;
}

const zhStatusNames: Record<TaskStatus, string> = {
  completed: '完成',
  incomplete: '未完成',
  failed: '失败',
  error: '出错',
  timeout: '超时',
  cancelled: '已取消',
};

/** The word after `任务 N`; like the original, an error reads `失败` (the `📊 状态` line that follows tells them apart). */
const zhTaskEndWords: Record<TaskStatus, string> = { ...zhStatusNames, error: '失败' };

const zhRunStatus: Record<RunStatus, string> = { passed: '通过', failed: '失败', interrupted: '已中断' };

const zh: ConsoleMessages = {
  runStart: (concurrency) => `🚀 开始并行执行 (并发数: ${concurrency})...`,
  taskStart: (task) => `任务 ${task}: 开始处理初始任务...`,
  iterationStart: (task, iteration) => `任务 ${task}: 第 ${iteration} 轮处理中...`,
  evaluating: (task, iteration) => `任务 ${task}: 第 ${iteration} 轮评估中...`,
  stageEnd: (task, iteration, stage, duration) =>
    `任务 ${task}: 第 ${iteration} 轮 ${stage} 阶段完成 (耗时: ${duration})`,
  stageNote: (task, stage, message) => `任务 ${task}: ${stage}: ${message}`,
  verdict: (task, iteration, status, summary) =>
    `任务 ${task}: 第 ${iteration} 轮评估结果: ${status}${summary ? ` - ${summary}` : ''}`,
  retry: (task, role, attempt, delay, reason) =>
    `↻ 任务 ${task}: ${role} 将在 ${delay} 后第 ${attempt} 次重试 (${reason})`,
  taskEnd: (icon, task, status, duration, progress) =>
    `${icon} 任务 ${task} ${zhTaskEndWords[status]} (耗时: ${duration}) [${progress}]`,
  taskStatus: (status, iterations) => `📊 状态: ${status}, 迭代次数: ${iterations}`,
  tokens: (usage) => `💾 Token使用: ${zhUsage(usage)}`,
  roleTokens: (role, usage) => `${role}: ${zhUsage(usage)}`,
  taskError: (code, message) => `💥 错误 (${code}): ${message}`,
  attempts: (attempts, chosen) =>
    `🎯 尝试: ${attempts
      .map(
        (one) =>
          `#${one.attempt} ${zhStatusNames[one.status]} ${formatInteger(one.usage.totalTokens)} tokens${one.attempt === chosen ? ' ← 采用' : ''}`,
      )
      .join(' · ')}`,
  branch: (name) => `🌿 分支: ${name}`,
  applyBack: (outcome, dir) =>
    outcome.status === 'conflict'
      ? `⚠️ 未能应用回 ${dir}: ${outcome.message ?? '冲突'}`
      : outcome.status === 'applied'
        ? `↩️ 已应用回 ${dir}`
        : `↩️ 没有需要应用回 ${dir} 的改动`,
  runEnd: (status, completed, total, duration) =>
    `🏁 执行结束 (${zhRunStatus[status]}): 完成 ${completed}/${total}, 总耗时 ${duration}`,
  statusCounts: (counts) => counts.map(([status, count]) => `${zhStatusNames[status]} ${count}`).join(' · '),
  unfinishedTask: (number, label, status, detail) =>
    `#${number} ${label} - ${zhStatusNames[status]}${detail ? `: ${detail}` : ''}`,
  moreUnfinished: (count, report) => `… 另有 ${formatInteger(count)} 个 (见 ${report})`,
  cachedShare: (share, cached, input) => `缓存命中输入: ${share} (${formatInteger(cached)} / ${formatInteger(input)})`,
  cost: (usd) => `💰 费用: ${usd}`,
  variant: (name, completed, total, iterations, tokens, usd, time) =>
    `🔀 ${name}: 完成 ${completed}/${total}, 迭代 ${formatInteger(iterations)} 次, ${formatInteger(tokens)} tokens, ${usd}, ${time}`,
  results: (path) => `📁 结果文件: ${path}`,
};

function zhUsage(usage: Usage): string {
  return `总计${formatInteger(usage.totalTokens)} (输入${formatInteger(usage.inputTokens)}, 输出${formatInteger(usage.outputTokens)}) - ${formatInteger(usage.calls)}次调用`;
}

export const consoleMessages: Readonly<Record<ConsoleLang, ConsoleMessages>> = { en, zh };
