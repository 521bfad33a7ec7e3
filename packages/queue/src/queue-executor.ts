import type { EventSink, TaskDefinition, TaskExecutor, TaskResult, TaskResumePoint } from '@agentbatch/core';
import type { Queue } from 'bullmq';
import type { TaskJob } from './queue-worker.js';
import type { RunFollower } from './run-follower.js';
import { jobId } from './run-keys.js';
import { unrunResult } from './unrun-result.js';

/** How long after Ctrl-C the producer waits for a worker to report a running task cancelled. */
const CANCEL_GRACE_MS = 30_000;

/**
 * Executes each task on the queue's workers: enqueues it as a job (its id from run and task, so
 * it is never enqueued twice) and follows it through the run's stream until its result. On Ctrl-C
 * a task still waiting is taken off the queue; a running one is cancelled by its worker.
 */
export class QueueExecutor implements TaskExecutor {
  constructor(
    private readonly queue: Queue<TaskJob>,
    private readonly runId: string,
    private readonly follower: RunFollower,
  ) {}

  async execute(
    task: TaskDefinition,
    resume: TaskResumePoint | undefined,
    sink: EventSink,
    signal: AbortSignal,
  ): Promise<TaskResult> {
    const cancelled = (message: string) => unrunResult(task, resume, 'cancelled', { code: 'cancelled', message });
    if (signal.aborted) return cancelled('the run was interrupted before this task started');
    const result = this.follower.follow(task.id, sink, (message) =>
      unrunResult(task, resume, 'error', { code: 'worker', message }),
    );
    const id = jobId(this.runId, task.id);
    await this.queue.add(
      'task',
      { runId: this.runId, task, resume },
      { jobId: id, removeOnComplete: true, removeOnFail: true },
    );
    let grace: NodeJS.Timeout | undefined;
    const onAbort = async () => {
      const removed = await this.queue.remove(id).catch(() => 0);
      if (removed) {
        this.follower.settle(task.id, cancelled('the run was interrupted before this task started'));
        return;
      }
      grace = setTimeout(
        () => this.follower.settle(task.id, cancelled('the run was interrupted; its worker did not answer in time')),
        CANCEL_GRACE_MS,
      );
    };
    signal.addEventListener('abort', onAbort, { once: true });
    try {
      return await result;
    } finally {
      signal.removeEventListener('abort', onAbort);
      clearTimeout(grace);
    }
  }
}
