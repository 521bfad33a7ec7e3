import type { Role } from '@agentbatch/core';
import { useEffect, useMemo, useState } from 'preact/hooks';
import type { RunData, TaskData } from '../../../src/view-data.js';
import { Conversation } from '../components/conversation.js';
import { DiffView } from '../components/diff-view.js';
import { FoldedText } from '../components/folded-text.js';
import { StatusBadge } from '../components/status-badge.js';
import type { DataSource } from '../data-source.js';
import { formatCost, formatDuration, formatTokens } from '../format.js';
import { runHref } from '../route.js';
import { buildRunModel, taskDuration } from '../run-model.js';
import { buildTurns, verifyReports } from '../transcript-model.js';

const views: { name: string; roles: Role[] }[] = [
  { name: 'both agents', roles: ['coder', 'evaluator'] },
  { name: 'coder', roles: ['coder'] },
  { name: 'evaluator', roles: ['evaluator'] },
];

export function TaskPage({ source, run, taskId }: { source: DataSource; run: RunData; taskId: string }) {
  const model = useMemo(() => buildRunModel(run), [run]);
  const task = model.tasks.find((candidate) => candidate.id === taskId);
  // A running task's transcript grows: load it again whenever the run logs something new for it.
  const taskEvents = useMemo(
    () => run.events.filter((event) => 'taskId' in event && event.taskId === taskId).length,
    [run.events, taskId],
  );
  const [data, setData] = useState<TaskData | undefined>();
  const [failure, setFailure] = useState<string>();
  useEffect(() => {
    let cancelled = false;
    source.loadTask(run.runId, taskId).then(
      (loaded) => !cancelled && setData(loaded),
      (error: Error) => !cancelled && setFailure(error.message),
    );
    return () => {
      cancelled = true;
    };
  }, [source, run.runId, taskId, taskEvents]);
  const turns = useMemo(() => buildTurns(data?.transcript ?? []), [data]);
  const reports = useMemo(() => verifyReports(data?.transcript ?? []), [data]);
  const [view, setView] = useState(0);

  if (!task)
    return (
      <p class="failure">
        Run {run.runId} has no task {taskId}.
      </p>
    );
  return (
    <section class="task">
      <p class="crumbs">
        <a href={runHref(run.runId)}>← run {run.runId}</a>
      </p>
      <h1>
        Task #{task.index + 1} <code>{task.id}</code> <StatusBadge status={task.status} />
      </h1>
      <dl class="summary">
        <div>
          <dt>folder</dt>
          <dd>{task.dir}</dd>
        </div>
        <div>
          <dt>iterations</dt>
          <dd>{task.iterations}</dd>
        </div>
        <div>
          <dt>tokens</dt>
          <dd>{formatTokens(task.tokens)}</dd>
        </div>
        <div>
          <dt>cost</dt>
          <dd>{formatCost(task.costUsd)}</dd>
        </div>
        <div>
          <dt>duration</dt>
          <dd>{formatDuration(taskDuration(task, model.elapsed))}</dd>
        </div>
        {task.variant && (
          <div>
            <dt>variant</dt>
            <dd>{task.variant}</dd>
          </div>
        )}
        {task.attempts && (
          <div>
            <dt>attempt</dt>
            <dd>
              {task.chosenAttempt ?? '?'} of {task.attempts}
            </dd>
          </div>
        )}
      </dl>
      <h2>Prompt</h2>
      <FoldedText text={task.prompt} class="prompt" />
      {task.verdict && (
        <>
          <h2>Outcome</h2>
          <p class="outcome" data-testid="outcome">
            {task.verdict}
          </p>
        </>
      )}
      {failure && <p class="failure">{failure}</p>}
      {reports.length > 0 && (
        <>
          <h2>Verify</h2>
          {reports.map((report) => (
            <div class="verify" key={`${report.iteration}-${report.command}`} data-testid="verify">
              <header>
                iteration {report.iteration} · <code>{report.command}</code>
                {report.exitCode !== undefined && (
                  <StatusBadge status={report.exitCode === 0 ? 'exit 0' : `exit ${report.exitCode}`} />
                )}
              </header>
              <FoldedText text={report.output} />
            </div>
          ))}
        </>
      )}
      <h2>Conversation</h2>
      <div class="tabs" role="tablist">
        {views.map((candidate, position) => (
          <button
            type="button"
            role="tab"
            key={candidate.name}
            aria-selected={view === position}
            onClick={() => setView(position)}
          >
            {candidate.name}
          </button>
        ))}
      </div>
      {data ? <Conversation turns={turns} roles={views[view]?.roles ?? []} /> : <p class="loading">Loading…</p>}
      <h2>Changes</h2>
      {data?.diff ? (
        <DiffView patch={data.diff} />
      ) : (
        <p class="empty">{data ? 'No diff.patch: the workspace is not a git repository, or nothing changed.' : ''}</p>
      )}
    </section>
  );
}
