import { useEffect, useState } from 'preact/hooks';
import type { RunRow } from '../../../src/view-data.js';
import { StatusBadge } from '../components/status-badge.js';
import type { DataSource } from '../data-source.js';
import { formatCost, formatDate, formatTokens } from '../format.js';
import { runHref } from '../route.js';

/** How often the runs list looks for new runs and progress while the server is live. */
const REFRESH_MS = 3000;

export function RunsPage({ source }: { source: DataSource }) {
  const [runs, setRuns] = useState<RunRow[] | undefined>();
  const [failure, setFailure] = useState<string>();
  useEffect(() => {
    const load = () =>
      source.listRuns().then(
        (rows) => setRuns([...rows].reverse()),
        (error: Error) => setFailure(error.message),
      );
    load();
    if (!source.live) return;
    const timer = setInterval(load, REFRESH_MS);
    return () => clearInterval(timer);
  }, [source]);
  if (failure) return <p class="failure">{failure}</p>;
  if (!runs) return <p class="loading">Loading runs…</p>;
  if (runs.length === 0) return <p class="empty">No runs here yet: start one with agentbatch run.</p>;
  return (
    <section>
      <h1>Runs</h1>
      <table class="runs">
        <thead>
          <tr>
            <th>run</th>
            <th>started</th>
            <th>status</th>
            <th class="numeric">completed</th>
            <th class="numeric">tokens</th>
            <th class="numeric">cost</th>
          </tr>
        </thead>
        <tbody>
          {runs.map((run) => (
            <tr key={run.runId} data-run-id={run.runId}>
              <td>
                <a href={runHref(run.runId)}>{run.runId}</a>
              </td>
              <td>{formatDate(run.startedAt)}</td>
              <td>
                <StatusBadge status={run.status} />
              </td>
              <td class="numeric">
                {run.completed}/{run.total}
              </td>
              <td class="numeric">{formatTokens(run.totalTokens)}</td>
              <td class="numeric">{formatCost(run.costUsd)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
