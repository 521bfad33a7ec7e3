import { render } from 'preact';
import { useMemo } from 'preact/hooks';
import { type DataSource, embeddedSource, serverSource } from './data-source.js';
import { RunPage } from './pages/run-page.js';
import { RunsPage } from './pages/runs-page.js';
import { TaskPage } from './pages/task-page.js';
import { runHref, useRoute } from './route.js';
import { useRun } from './use-run.js';
import './styles.css';

function App({ source }: { source: DataSource }) {
  const route = useRoute();
  const runId = route.page === 'runs' ? undefined : route.runId;
  const run = useRun(source, runId);
  const page = useMemo(() => {
    if (route.page === 'runs') return <RunsPage source={source} />;
    if (run.status === 'loading') return <p class="loading">Loading run…</p>;
    if (run.status === 'failed') return <p class="failure">{run.message}</p>;
    if (route.page === 'task') return <TaskPage source={source} run={run.data} taskId={route.taskId} />;
    return <RunPage data={run.data} />;
  }, [route, run, source]);
  return (
    <>
      <nav class="top">
        <a href="#/" class="brand">
          agentbatch
        </a>
        {runId && <a href={runHref(runId)}>run {runId}</a>}
        {run.status === 'ready' && run.data.running && <span class="live">● live</span>}
      </nav>
      <main>{page}</main>
    </>
  );
}

const embedded = document.getElementById('agentbatch-run');
const source = embedded ? embeddedSource(embedded) : serverSource();
if (!location.hash) location.hash = source.home;
const root = document.getElementById('app');
if (root) render(<App source={source} />, root);
