/** The BullMQ queue every producer adds its tasks to and every worker serves. */
export const queueName = 'agentbatch';

/** Where producers announce a cancelled run to every worker. */
export const cancelChannel = 'agentbatch:cancel';

/** The Redis keys of one run, besides its jobs. */
export function runKeys(runId: string) {
  const base = `agentbatch:run:${runId}`;
  return {
    /** Every key of the run, for clean-up. */
    pattern: `${base}:*`,
    /** The run's config, as its producer read it (`RunSpec`). */
    spec: `${base}:spec`,
    /** Events, transcripts, checkpoints, diffs and results on their way from workers to the producer. */
    stream: `${base}:stream`,
    /** The run's spending, for the run budget. */
    ledger: `${base}:ledger`,
    /** Set when the producer was interrupted. */
    cancelled: `${base}:cancelled`,
    checkpoint: (taskId: string) => `${base}:task:${taskId}:checkpoint`,
    /** What the task spent in this session, by role: what a worker that takes it over restores. */
    taskUsage: (taskId: string) => `${base}:task:${taskId}:usage`,
    /** The task's final result, so that a job run again after its worker died does not run it twice. */
    result: (taskId: string) => `${base}:task:${taskId}:result`,
    limiter: (provider: string) => `${base}:limit:${provider}`,
    slots: (provider: string) => `${base}:limit:${provider}:slots`,
  };
}

export type RunKeys = ReturnType<typeof runKeys>;

/** The job id of a task: the same task of the same run is never enqueued twice. */
export function jobId(runId: string, taskId: string): string {
  return `${runId}.${encodeURIComponent(taskId)}`;
}
