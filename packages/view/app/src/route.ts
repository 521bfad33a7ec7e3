import { useEffect, useState } from 'preact/hooks';

export type Route = { page: 'runs' } | { page: 'run'; runId: string } | { page: 'task'; runId: string; taskId: string };

/** `#/runs/<runId>/tasks/<taskId>`: every page has a URL that can be shared and reloaded. */
export function parseRoute(hash: string): Route {
  const parts = hash.replace(/^#\/?/, '').split('/').filter(Boolean).map(decodeURIComponent);
  if (parts[0] === 'runs' && parts[1]) {
    if (parts[2] === 'tasks' && parts[3]) return { page: 'task', runId: parts[1], taskId: parts[3] };
    return { page: 'run', runId: parts[1] };
  }
  return { page: 'runs' };
}

export function runHref(runId: string): string {
  return `#/runs/${encodeURIComponent(runId)}`;
}

export function taskHref(runId: string, taskId: string): string {
  return `${runHref(runId)}/tasks/${encodeURIComponent(taskId)}`;
}

export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(location.hash));
  useEffect(() => {
    const onChange = () => setRoute(parseRoute(location.hash));
    addEventListener('hashchange', onChange);
    return () => removeEventListener('hashchange', onChange);
  }, []);
  return route;
}
