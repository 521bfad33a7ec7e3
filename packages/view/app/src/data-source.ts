import type { RunData, RunRow, RunUpdate, TaskData } from '../../src/view-data.js';

/** Where the pages get runs from: the `view` server's API, or the data inlined in a report.html. */
export interface DataSource {
  /** False for a report file: nothing changes, nothing to follow. */
  live: boolean;
  /** The page to open on when the URL names none. */
  home: string;
  listRuns(): Promise<RunRow[]>;
  loadRun(runId: string): Promise<RunData>;
  loadTask(runId: string, taskId: string): Promise<TaskData>;
  /** Calls `onUpdate` with each batch of new events until the run ends; returns how to stop. */
  followRun(runId: string, offset: number, onUpdate: (update: RunUpdate) => void): () => void;
}

export function serverSource(): DataSource {
  const get = async <T>(path: string): Promise<T> => {
    const response = await fetch(path);
    if (!response.ok) throw new Error(`${path}: ${response.status} ${await response.text()}`);
    return (await response.json()) as T;
  };
  const run = (runId: string) => `api/runs/${encodeURIComponent(runId)}`;
  return {
    live: true,
    home: '#/',
    listRuns: () => get('api/runs'),
    loadRun: (runId) => get(run(runId)),
    loadTask: (runId, taskId) => get(`${run(runId)}/tasks/${encodeURIComponent(taskId)}`),
    followRun(runId, offset, onUpdate) {
      const source = new EventSource(`${run(runId)}/follow?offset=${offset}`);
      source.onmessage = (message: MessageEvent<string>) => {
        const update = JSON.parse(message.data) as RunUpdate;
        onUpdate(update);
        if (!update.running) source.close();
      };
      return () => source.close();
    },
  };
}

/** A report.html holds one run, and each task's data in its own JSON block, parsed when opened. */
export function embeddedSource(runElement: HTMLElement): DataSource {
  const run = JSON.parse(runElement.textContent ?? '') as RunData;
  const row: RunRow = {
    runId: run.runId,
    startedAt: run.startedAt,
    status: run.results?.status ?? 'interrupted',
    completed: run.results?.summary.completed ?? 0,
    total: run.results?.summary.total ?? 0,
    totalTokens: run.results?.summary.usage.totalTokens ?? 0,
    costUsd: run.results?.summary.costUsd ?? 0,
  };
  return {
    live: false,
    home: `#/runs/${encodeURIComponent(run.runId)}`,
    listRuns: async () => [row],
    loadRun: async (runId) => {
      if (runId !== run.runId) throw new Error(`this report holds run ${run.runId}, not ${runId}`);
      return run;
    },
    loadTask: async (_runId, taskId) => {
      const block = [...document.querySelectorAll<HTMLElement>('script[data-task]')].find(
        (element) => element.dataset.task === taskId,
      );
      return block ? (JSON.parse(block.textContent ?? '') as TaskData) : { taskId, transcript: [], diff: null };
    },
    followRun: () => () => undefined,
  };
}
