import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  type ChartConfiguration,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  ScatterController,
  Tooltip,
} from 'chart.js';
import { useEffect, useRef } from 'preact/hooks';

Chart.register(
  BarController,
  BarElement,
  CategoryScale,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  ScatterController,
  Tooltip,
);
Chart.defaults.font.family = 'system-ui, sans-serif';
Chart.defaults.animation = false;

interface ChartCanvasProps {
  /** Names the chart for tests and screen readers. */
  name: string;
  title: string;
  config: ChartConfiguration;
  height: number;
}

/**
 * A Chart.js chart that follows its configuration: a new configuration updates the same chart
 * in place (no animation), so a live run redraws without flicker.
 */
export function ChartCanvas({ name, title, config, height }: ChartCanvasProps) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const chart = useRef<Chart | null>(null);
  useEffect(() => {
    if (!canvas.current) return;
    chart.current = new Chart(canvas.current, config);
    return () => chart.current?.destroy();
    // The chart is created once; later configurations update it below.
  }, []);
  useEffect(() => {
    const current = chart.current;
    if (!current) return;
    current.data = config.data;
    if (config.options) current.options = config.options;
    current.update('none');
  }, [config]);
  // Bars per label where the chart has labels (tasks, roles), else the longest series.
  const points =
    config.data.labels?.length ??
    config.data.datasets.reduce((count, dataset) => Math.max(count, dataset.data.length), 0);
  return (
    <figure class="chart" data-chart={name} data-points={points}>
      <figcaption>{title}</figcaption>
      <div style={{ height: `${height}px`, position: 'relative' }}>
        <canvas ref={canvas} role="img" aria-label={title} />
      </div>
    </figure>
  );
}
