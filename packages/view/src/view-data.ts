/**
 * What the view's server sends and the HTML report inlines: the browser app reads exactly these
 * shapes, from `/api/…` or from the report's embedded JSON.
 */
import type { ChatMessage, Role, RunEvent, RunResults, RunStatus, Usage } from '@agentbatch/core';

/** One line of the runs page. */
export interface RunRow {
  runId: string;
  startedAt: string;
  /** `running` while the run has no `run-end` event and its log is still being written. */
  status: RunStatus | 'running';
  completed: number;
  total: number;
  totalTokens: number;
  costUsd: number;
}

/** A run as its folder holds it: the results written so far (none before the first task ends) and every event. */
export interface RunData {
  runId: string;
  startedAt: string;
  running: boolean;
  results: RunResults | null;
  events: RunEvent[];
  /** Bytes of `events.jsonl` already in `events`: where following the run continues. */
  eventsOffset: number;
}

/** One line of a task's `transcript.jsonl`. */
export type TranscriptEntry =
  | { type: 'message'; time: string; iteration: number; role: Role; message: ChatMessage }
  | { type: 'usage'; time: string; iteration: number; role: Role; usage: Usage };

export interface TaskData {
  taskId: string;
  transcript: TranscriptEntry[];
  /** `diff.patch`, where the task's workspace is a git repository. */
  diff: string | null;
}

/** New lines of a followed run: sent as server-sent events while the run goes on. */
export interface RunUpdate {
  events: RunEvent[];
  eventsOffset: number;
  results: RunResults | null;
  running: boolean;
}
