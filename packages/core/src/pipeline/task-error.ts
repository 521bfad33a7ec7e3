import { APICallError } from '../model/api-call-error.js';
import type { TaskError, TaskStatus } from '../plugin/run-results.js';
import { StageFailure } from './stages/stage-failure.js';

/** Turns what stopped a task into its status and a stable error code a person can act on. */
export function classifyTaskFailure(
  error: unknown,
  signals: { run: AbortSignal; timeout: AbortSignal | undefined },
  timeoutMs: number | undefined,
): { status: TaskStatus; error: TaskError } {
  if (signals.timeout?.aborted && !signals.run.aborted) {
    return {
      status: 'timeout',
      error: { code: 'timeout', message: `the task ran longer than its limit of ${formatMs(timeoutMs ?? 0)}` },
    };
  }
  if (signals.run.aborted) {
    return {
      status: 'cancelled',
      error: { code: 'cancelled', message: 'the run was interrupted before this task finished' },
    };
  }
  if (APICallError.isInstance(error)) {
    return { status: 'error', error: { code: apiErrorCode(error), message: error.message } };
  }
  if (error instanceof StageFailure) return { status: 'error', error: { code: 'stage', message: error.message } };
  const message = error instanceof Error ? error.message : String(error);
  return { status: 'error', error: { code: 'internal', message } };
}

function apiErrorCode(error: APICallError): string {
  if (error.kind === 'connection') return 'provider-unreachable';
  if (error.kind === 'invalid-response') return 'provider-invalid-response';
  const status = error.statusCode;
  if (status === undefined) return 'provider-no-response';
  if (status === 401 || status === 403) return 'provider-auth';
  if (status === 402) return 'provider-quota';
  if (status === 429) return error.isRetryable ? 'rate-limited' : 'provider-quota';
  if (status >= 500) return 'provider-unavailable';
  return 'provider-request';
}

function formatMs(milliseconds: number): string {
  if (milliseconds >= 60_000) return `${Math.round(milliseconds / 60_000)} min`;
  return `${Math.round(milliseconds / 1000)} s`;
}
