import type { TaskStatus } from '@agentbatch/core';

/** `✅` for completed, `❌` for failed and error, `⚠️` for incomplete, timeout and cancelled. */
export function statusIcon(status: TaskStatus): string {
  switch (status) {
    case 'completed':
      return '✅';
    case 'failed':
    case 'error':
      return '❌';
    default:
      return '⚠️';
  }
}
