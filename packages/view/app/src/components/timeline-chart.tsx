import type { ChartConfiguration } from 'chart.js';
import { useMemo } from 'preact/hooks';
import { formatAxisSeconds, shortFolder } from '../format.js';
import type { RunModel } from '../run-model.js';
import { ChartCanvas } from './chart-canvas.js';

const iterationColors = ['#3b6fd8', '#6c93e4', '#2c56ad', '#8fb0ee'];
const ROW_HEIGHT = 14;

/**
 * Each task over the run's time: a row per task with its span, its iterations as floating bars
 * on top, and a dot for every model call. Rows are as high as the task count needs, up to a
 * limit past which the chart scrolls in its box.
 */
export function TimelineChart({ model }: { model: RunModel }) {
  const config = useMemo(() => timeline(model), [model]);
  const height = Math.min(Math.max(model.tasks.length * ROW_HEIGHT + 60, 140), 12_000);
  return (
    <div class="timeline">
      <ChartCanvas
        name="timeline"
        title="Timeline: tasks, iterations and model calls"
        config={config}
        height={height}
      />
    </div>
  );
}

function timeline(model: RunModel): ChartConfiguration {
  const seconds = (ms: number) => ms / 1000;
  const labels = model.tasks.map((task) => `#${task.index + 1} ${shortFolder(task.dir)}`);
  const maxIteration = Math.max(0, ...model.tasks.flatMap((task) => task.spans.map((span) => span.iteration)));
  const until = (end: number | undefined) => seconds(end ?? model.elapsed);
  const iterationSets = Array.from({ length: maxIteration }, (_, offset) => {
    const iteration = offset + 1;
    return {
      type: 'bar' as const,
      label: `iteration ${iteration}`,
      data: model.tasks.map((task) => {
        const span = task.spans.findLast((candidate) => candidate.iteration === iteration);
        return span ? ([seconds(span.start), until(span.end)] as [number, number]) : null;
      }),
      backgroundColor: iterationColors[offset % iterationColors.length],
      grouped: false,
      order: 2,
      barPercentage: 0.7,
      categoryPercentage: 1,
    };
  });
  return {
    type: 'bar',
    data: {
      labels,
      datasets: [
        {
          type: 'bar',
          label: 'task',
          data: model.tasks.map((task) =>
            task.start === undefined ? null : ([seconds(task.start), until(task.end)] as [number, number]),
          ),
          backgroundColor: '#d5dbe5',
          grouped: false,
          // The lowest order is drawn on top: the task's span under its iterations, the calls above both.
          order: 3,
          barPercentage: 1,
          categoryPercentage: 1,
        },
        ...iterationSets,
        {
          type: 'scatter',
          label: 'model calls',
          // A category axis takes a point's row by its label (a number would be read as the point's position).
          data: model.tasks.flatMap((task, row) =>
            task.calls.map((call) => ({ x: seconds(call.time), y: labels[row] })),
          ),
          backgroundColor: '#222',
          pointRadius: 2,
          order: 1,
        },
      ],
    },
    options: {
      indexAxis: 'y',
      maintainAspectRatio: false,
      plugins: { legend: { position: 'top' } },
      scales: {
        x: { type: 'linear', min: 0, position: 'top', ticks: { callback: (value) => formatAxisSeconds(+value) } },
        y: { type: 'category', ticks: { autoSkip: true, font: { size: 11 } } },
      },
    },
  } as ChartConfiguration;
}
