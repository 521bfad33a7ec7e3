import type { ChartConfiguration } from 'chart.js';
import { useMemo } from 'preact/hooks';
import { formatAxisSeconds, formatCost, formatTokens } from '../format.js';
import type { RunModel } from '../run-model.js';
import { ChartCanvas } from './chart-canvas.js';

const colors = { coder: '#3b6fd8', evaluator: '#d8843b', cost: '#2f9e6e' };

/** Where the tokens and the money went: by task, by role, and over the run's time. */
export function UsageCharts({ model }: { model: RunModel }) {
  const byTask = useMemo(() => tokensByTask(model), [model]);
  const costByTask = useMemo(() => costPerTask(model), [model]);
  const byRole = useMemo(() => usageByRole(model), [model]);
  const overTime = useMemo(() => usageOverTime(model), [model]);
  return (
    <section class="charts">
      <ChartCanvas name="tokens-by-task" title="Tokens by task" config={byTask} height={220} />
      <ChartCanvas name="cost-by-task" title="Cost by task" config={costByTask} height={220} />
      <ChartCanvas name="usage-by-role" title="Tokens and cost by role" config={byRole} height={220} />
      <ChartCanvas name="usage-over-time" title="Tokens and cost over time" config={overTime} height={220} />
    </section>
  );
}

const taskLabel = (index: number) => `#${index + 1}`;

function tokensByTask(model: RunModel): ChartConfiguration {
  return {
    type: 'bar',
    data: {
      labels: model.tasks.map((task) => taskLabel(task.index)),
      datasets: (['coder', 'evaluator'] as const).map((role) => ({
        label: role,
        data: model.tasks.map((task) => task.tokensByRole[role]),
        backgroundColor: colors[role],
      })),
    },
    options: {
      maintainAspectRatio: false,
      scales: { x: { stacked: true }, y: { stacked: true, ticks: { callback: (value) => formatTokens(+value) } } },
    },
  };
}

function costPerTask(model: RunModel): ChartConfiguration {
  return {
    type: 'bar',
    data: {
      labels: model.tasks.map((task) => taskLabel(task.index)),
      datasets: [{ label: 'cost (USD)', data: model.tasks.map((task) => task.costUsd), backgroundColor: colors.cost }],
    },
    options: {
      maintainAspectRatio: false,
      plugins: { legend: { display: false } },
      scales: { y: { ticks: { callback: (value) => formatCost(+value) } } },
    },
  };
}

function usageByRole(model: RunModel): ChartConfiguration {
  const sum = (pick: (task: RunModel['tasks'][number]) => number) =>
    model.tasks.reduce((total, task) => total + pick(task), 0);
  return {
    type: 'bar',
    data: {
      labels: ['coder', 'evaluator'],
      datasets: [
        {
          label: 'tokens',
          data: [sum((task) => task.tokensByRole.coder), sum((task) => task.tokensByRole.evaluator)],
          backgroundColor: [colors.coder, colors.evaluator],
          yAxisID: 'tokens',
        },
        {
          label: 'cost (USD)',
          data: [sum((task) => task.costByRole.coder), sum((task) => task.costByRole.evaluator)],
          backgroundColor: colors.cost,
          yAxisID: 'cost',
        },
      ],
    },
    options: {
      maintainAspectRatio: false,
      scales: {
        tokens: { position: 'left', ticks: { callback: (value) => formatTokens(+value) } },
        cost: {
          position: 'right',
          grid: { drawOnChartArea: false },
          ticks: { callback: (value) => formatCost(+value) },
        },
      },
    },
  };
}

function usageOverTime(model: RunModel): ChartConfiguration {
  const calls = [...model.calls].sort((a, b) => a.time - b.time);
  let tokens = 0;
  let cost = 0;
  const points = calls.map((call) => {
    tokens += call.tokens;
    cost += call.costUsd;
    return { x: call.time / 1000, tokens, cost };
  });
  return {
    type: 'line',
    data: {
      datasets: [
        {
          label: 'tokens',
          data: points.map((point) => ({ x: point.x, y: point.tokens })),
          borderColor: colors.coder,
          pointRadius: 0,
          stepped: true,
          yAxisID: 'tokens',
        },
        {
          label: 'cost (USD)',
          data: points.map((point) => ({ x: point.x, y: point.cost })),
          borderColor: colors.cost,
          pointRadius: 0,
          stepped: true,
          yAxisID: 'cost',
        },
      ],
    },
    options: {
      maintainAspectRatio: false,
      parsing: false,
      scales: {
        x: { type: 'linear', min: 0, ticks: { callback: (value) => formatAxisSeconds(+value) } },
        tokens: { position: 'left', ticks: { callback: (value) => formatTokens(+value) } },
        cost: {
          position: 'right',
          grid: { drawOnChartArea: false },
          ticks: { callback: (value) => formatCost(+value) },
        },
      },
    },
  };
}
