import { useMemo } from 'preact/hooks';
import type { RunData } from '../../../src/view-data.js';
import { StatusBadge } from '../components/status-badge.js';
import { TaskTable } from '../components/task-table.js';
import { TimelineChart } from '../components/timeline-chart.js';
import { UsageCharts } from '../components/usage-charts.js';
import { VariantTable } from '../components/variant-table.js';
import { formatCost, formatDate, formatDuration, formatTokens } from '../format.js';
import { buildRunModel } from '../run-model.js';

export function RunPage({ data }: { data: RunData }) {
  const model = useMemo(() => buildRunModel(data), [data]);
  const done = model.tasks.filter((task) => task.status !== 'queued' && task.status !== 'running').length;
  const count = (status: string) => model.tasks.filter((task) => task.status === status).length;
  const tokens = model.tasks.reduce((total, task) => total + task.tokens, 0);
  const cost = model.tasks.reduce((total, task) => total + task.costUsd, 0);
  const total = data.results?.summary.total ?? Math.max(model.tasks.length, runStartTotal(data));
  const status = data.running ? 'running' : (data.results?.status ?? 'interrupted');
  return (
    <section class="run">
      <h1>
        Run {data.runId} <StatusBadge status={status} />
      </h1>
      <dl class="summary" data-testid="run-summary">
        <Item name="started" value={formatDate(data.startedAt)} />
        <Item name="duration" value={formatDuration(model.elapsed)} />
        <Item name="tasks" value={`${done}/${total} done`} testId="progress" />
        <Item name="completed" value={String(count('completed'))} />
        <Item name="not completed" value={String(done - count('completed'))} />
        <Item name="running" value={String(count('running'))} />
        <Item name="tokens" value={formatTokens(tokens)} />
        <Item name="cost" value={formatCost(cost)} />
      </dl>
      {model.hasVariants && <VariantTable model={model} />}
      <TaskTable runId={data.runId} model={model} />
      <TimelineChart model={model} />
      <UsageCharts model={model} />
    </section>
  );
}

function Item({ name, value, testId }: { name: string; value: string; testId?: string }) {
  return (
    <div>
      <dt>{name}</dt>
      <dd data-testid={testId}>{value}</dd>
    </div>
  );
}

function runStartTotal(data: RunData): number {
  const start = data.events.find((event) => event.type === 'run-start');
  return start?.type === 'run-start' ? start.total : 0;
}
