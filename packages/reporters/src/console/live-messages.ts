/**
 * The live view's words, in the console reporter's languages. Messages get already formatted
 * numbers and durations and return a fragment of a line, without colour.
 */
import type { ConsoleLang } from './console-messages.js';
import type { LiveActivity } from './live-state.js';

export interface LiveMessages {
  /** `2 running` */
  running(count: number): string;
  /** `elapsed 1:02` */
  elapsed(duration: string): string;
  /** `ETA ~1:33`; `duration` is undefined until a task has ended. */
  eta(duration: string | undefined): string;
  /** `12,345 in / 2,345 out tokens` */
  tokens(input: string, output: string): string;
  /** `cost $0.0123` */
  cost(usd: string): string;
  /** `no retries`, or `3 retries (2 rate limited, 6.0s waiting)`. */
  retries(count: number, rateLimited: number, waited: string): string;
  /** `#2`; `number` is the task's index + 1. */
  task(number: number): string;
  /** `iter 2` */
  iteration(iteration: number): string;
  /** `stage` names the stage when `activity` is `stage`. */
  activity(activity: LiveActivity, stage: string | undefined): string;
  /** `retry 1 in 3s` */
  retryIn(attempt: number, delay: string): string;
  /** `1,234 tok` */
  taskTokens(tokens: string): string;
  /** `… 3 more running` */
  more(count: number): string;
}

const en: LiveMessages = {
  running: (count) => `${count} running`,
  elapsed: (duration) => `elapsed ${duration}`,
  eta: (duration) => `ETA ${duration === undefined ? '--' : `~${duration}`}`,
  tokens: (input, output) => `${input} in / ${output} out tokens`,
  cost: (usd) => `cost ${usd}`,
  retries: (count, rateLimited, waited) =>
    count === 0
      ? 'no retries'
      : `${count} ${count === 1 ? 'retry' : 'retries'} (${rateLimited} rate limited, ${waited} waiting)`,
  task: (number) => `#${number}`,
  iteration: (iteration) => `iter ${iteration}`,
  activity: (activity, stage) => (activity === 'stage' ? (stage ?? activity) : activity),
  retryIn: (attempt, delay) => `retry ${attempt} in ${delay}`,
  taskTokens: (tokens) => `${tokens} tok`,
  more: (count) => `… ${count} more running`,
};

const zhActivities: Record<LiveActivity, string> = {
  starting: '准备中',
  coding: '处理中',
  evaluating: '评估中',
  stage: '阶段',
};

const zh: LiveMessages = {
  running: (count) => `运行中 ${count}`,
  elapsed: (duration) => `已用 ${duration}`,
  eta: (duration) => `预计剩余 ${duration === undefined ? '--' : `~${duration}`}`,
  tokens: (input, output) => `Token 输入 ${input} / 输出 ${output}`,
  cost: (usd) => `费用 ${usd}`,
  retries: (count, rateLimited, waited) =>
    count === 0 ? '无重试' : `重试 ${count} 次 (限流 ${rateLimited} 次, 等待 ${waited})`,
  task: (number) => `任务 ${number}`,
  iteration: (iteration) => `第 ${iteration} 轮`,
  activity: (activity, stage) => (activity === 'stage' && stage ? stage : zhActivities[activity]),
  retryIn: (attempt, delay) => `${delay} 后第 ${attempt} 次重试`,
  taskTokens: (tokens) => `${tokens} tok`,
  more: (count) => `… 另有 ${count} 个任务运行中`,
};

export const liveMessages: Readonly<Record<ConsoleLang, LiveMessages>> = { en, zh };
