import { describe, expect, it } from 'vitest';
import type { Reporter } from '../plugin/reporter.js';
import type { RunEvent } from '../plugin/run-event.js';
import type { RunResults } from '../plugin/run-results.js';
import { SecretMasker } from '../secrets/secret-masker.js';
import { ReporterHub } from './reporter-hub.js';

const runStart: RunEvent = {
  type: 'run-start',
  time: 't1',
  runId: 'r',
  runDir: '/tmp/r',
  total: 1,
  concurrency: 1,
  resumed: true,
  configPath: '/tmp/a.yaml',
  startedAt: 't0',
};
const event = (taskId: string): RunEvent => ({ type: 'task-queued', time: 't', taskId, index: 0 });
const results = { runId: 'r', endedAt: 't2' } as RunResults;
const runEnd: RunEvent = { type: 'run-end', time: 't2', results };

function recorder(name: string, log: string[], overrides: Partial<Reporter> = {}): Reporter {
  return {
    onRunStart: () => void log.push(`${name}.start`),
    onEvent: (e) => void log.push(`${name}.event:${'taskId' in e ? e.taskId : e.type}`),
    onRunEnd: () => void log.push(`${name}.end`),
    ...overrides,
  };
}

describe('ReporterHub', () => {
  it('calls every reporter hook in reporter order; run-start and run-end call onRunStart and onRunEnd once', async () => {
    const log: string[] = [];
    const hub = new ReporterHub([
      { name: 'a', reporter: recorder('a', log) },
      { name: 'b', reporter: recorder('b', log) },
    ]);
    await hub.event(runStart);
    await hub.event(event('t1'));
    await hub.event(runEnd);
    expect(log).toEqual([
      'a.start',
      'b.start',
      'a.event:run-start',
      'b.event:run-start',
      'a.event:t1',
      'b.event:t1',
      'a.event:run-end',
      'b.event:run-end',
      'a.end',
      'b.end',
    ]);
    expect(hub.failures).toEqual([]);
  });

  it('gives onRunStart the run as the run-start event tells it, first start included, and onRunEnd the results', async () => {
    const seen: unknown[] = [];
    const hub = new ReporterHub([
      { name: 'a', reporter: { onRunStart: (info) => void seen.push(info), onRunEnd: (r) => void seen.push(r) } },
    ]);
    await hub.event(runStart);
    await hub.event(runEnd);
    expect(seen).toEqual([
      { runId: 'r', runDir: '/tmp/r', configPath: '/tmp/a.yaml', total: 1, concurrency: 1, startedAt: 't0' },
      results,
    ]);
  });

  it('replays a recorded run, ending one that never wrote run-end with the results', async () => {
    const log: string[] = [];
    const hub = new ReporterHub([{ name: 'a', reporter: recorder('a', log) }]);
    await hub.replay([runStart, event('t1')], results);
    expect(log).toEqual(['a.start', 'a.event:run-start', 'a.event:t1', 'a.event:run-end', 'a.end']);
  });

  it('awaits async hooks before calling the next reporter', async () => {
    const log: string[] = [];
    const hub = new ReporterHub([
      {
        name: 'slow',
        reporter: {
          async onEvent() {
            await new Promise((resolve) => setTimeout(resolve, 10));
            log.push('slow done');
          },
        },
      },
      { name: 'fast', reporter: { onEvent: () => void log.push('fast') } },
    ]);
    await hub.event(event('t'));
    expect(log).toEqual(['slow done', 'fast']);
  });

  it('tolerates reporters without hooks', async () => {
    const hub = new ReporterHub([{ name: 'empty', reporter: {} }]);
    await hub.replay([runStart, event('t'), runEnd], results);
    expect(hub.failures).toEqual([]);
  });

  it('records a throwing or rejecting reporter by name and hook, stops calling it, and keeps calling the others', async () => {
    const log: string[] = [];
    const boom = new Error('boom');
    const hub = new ReporterHub([
      { name: 'bad', reporter: recorder('bad', log, { onEvent: () => Promise.reject(boom) }) },
      { name: 'good', reporter: recorder('good', log) },
      {
        name: 'sync-bad',
        reporter: recorder('sync-bad', log, {
          onRunStart: () => {
            throw new Error('no tty');
          },
        }),
      },
    ]);
    await hub.replay([runStart, event('t1'), event('t2'), runEnd], results);
    expect(hub.failures.map(({ name, hook }) => [name, hook])).toEqual([
      ['sync-bad', 'onRunStart'],
      ['bad', 'onEvent'],
    ]);
    expect(hub.failures[1]?.error).toBe(boom);
    expect(log).toEqual([
      'bad.start',
      'good.start',
      'good.event:run-start',
      'good.event:t1',
      'good.event:t2',
      'good.event:run-end',
      'good.end',
    ]);
  });

  it('hands reporters everything with the secrets masked', async () => {
    const seen: unknown[] = [];
    const hub = new ReporterHub(
      [
        {
          name: 'r',
          reporter: {
            onRunStart: (start) => void seen.push(start),
            onEvent: (e) => void seen.push(e),
            onRunEnd: (end) => void seen.push(end),
          },
        },
      ],
      new SecretMasker(['sk-secret-42']),
    );
    await hub.event({ ...runStart, configPath: '/sk-secret-42.yaml' });
    await hub.event(event('sk-secret-42'));
    await hub.event({ ...runEnd, results: { runId: 'x sk-secret-42' } as RunResults });
    expect(JSON.stringify(seen)).not.toContain('sk-secret-42');
    expect(seen).toMatchObject([
      { configPath: '/***.yaml' },
      { type: 'run-start', configPath: '/***.yaml' },
      { taskId: '***' },
      { type: 'run-end', results: { runId: 'x ***' } },
      { runId: 'x ***' },
    ]);
  });
});
