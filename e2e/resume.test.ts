import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterEach, describe, expect, it } from 'vitest';
import { batchLastResponses, batchScripts } from './support/batch-scripts.js';
import { copyFixture, repoRoot, runCli } from './support/cli.js';
import { onlyRunDir, readEvents, readResults } from './support/run-folder.js';
import { type ScriptedModelServer, startScriptedModelServer } from './support/scripted-model-server.js';

const bin = join(repoRoot, 'packages/cli/bin/agentbatch.js');
let server: ScriptedModelServer | undefined;

afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** Parses results.json every few milliseconds while a run goes on: it must never be half-written. */
function watchResults(dir: string): { stop(): number } {
  let reads = 0;
  const timer = setInterval(() => {
    const runs = existsSync(join(dir, '.agentbatch/runs')) ? readdirSync(join(dir, '.agentbatch/runs')) : [];
    for (const run of runs) {
      const file = join(dir, '.agentbatch/runs', run, 'results.json');
      if (!existsSync(file)) continue;
      JSON.parse(readFileSync(file, 'utf8'));
      reads++;
    }
  }, 5);
  return {
    stop() {
      clearInterval(timer);
      return reads;
    },
  };
}

/** Each task's checkpoint, as the number of coder replies its conversation holds, by prompt marker. */
function readCheckpoints(runDir: string): Map<string, number> {
  const checkpoints = new Map<string, number>();
  for (const taskId of readdirSync(join(runDir, 'tasks'))) {
    const file = join(runDir, 'tasks', taskId, 'checkpoint.json');
    if (!existsSync(file)) continue;
    const checkpoint = JSON.parse(readFileSync(file, 'utf8')) as { coder: Array<{ role: string; content: string }> };
    const prompt = checkpoint.coder.find((message) => message.role === 'user')?.content ?? '';
    checkpoints.set(markerOf(prompt), checkpoint.coder.filter((message) => message.role === 'assistant').length);
  }
  return checkpoints;
}

function markerOf(prompt: string): string {
  return prompt.slice(0, prompt.indexOf(']') + 1);
}

describe('durable runs', () => {
  for (const killAfter of [4, 10, 16]) {
    it(`resumes after kill -9 at model call ${killAfter} without re-running completed tasks`, async () => {
      const dir = copyFixture('batch');
      let child: ReturnType<typeof execa> | undefined;
      server = await startScriptedModelServer(batchScripts, {
        delayMs: 30,
        // Killed right after the server answered: the CLI may not even have recorded that answer.
        onCall: () => {
          if ((server?.calls.length ?? 0) >= killAfter) child?.kill('SIGKILL');
        },
      });
      const watcher = watchResults(dir);
      child = execa('node', [bin, 'run', 'agentbatch.yaml', '-c', '2'], {
        cwd: dir,
        reject: false,
        stdin: 'ignore',
        env: { MODEL_URL: server.url },
      });
      const killed = await child;
      expect(killed.signal).toBe('SIGKILL');

      const runDir = onlyRunDir(dir);
      // Killed this early, the run may not have written results.json yet.
      const before = existsSync(join(runDir, 'results.json')) ? readResults(runDir) : undefined;
      const completedBefore = new Set(
        (before?.tasks ?? []).filter((task) => task.status === 'completed').map((task) => markerOf(task.prompt)),
      );
      const callsBefore = server.calls.length;
      const checkpoints = readCheckpoints(runDir);

      const resumed = await runCli(['run', 'agentbatch.yaml', '--resume'], {
        cwd: dir,
        env: { MODEL_URL: server.url },
      });
      expect(resumed.exitCode, resumed.all).toBe(0);
      expect(watcher.stop()).toBeGreaterThan(0);
      const after = readResults(runDir);
      expect(after.status).toBe('passed');
      expect(after.tasks.map((task) => task.status)).toEqual(['completed', 'completed', 'completed']);
      expect(after.tasks.find((task) => task.prompt.startsWith('[docs]'))?.iterations).toBe(2);
      // The coder's last reply, as a run without the kill gives it.
      expect(after.tasks.map((task) => task.lastResponse)).toEqual(
        after.tasks.map((task) => batchLastResponses[markerOf(task.prompt)]),
      );
      const callsAfterResume = server.calls.slice(callsBefore);
      // Unfinished tasks continue from their last finished iteration, conversations restored.
      for (const [marker, coderReplies] of checkpoints) {
        if (completedBefore.has(marker)) continue;
        const firstCoderCall = callsAfterResume.find((call) => call.task === marker && call.role === 'coder');
        expect(firstCoderCall?.step, `${marker} continues from its checkpoint`).toBe(coderReplies);
      }
      for (const marker of completedBefore) {
        expect(
          callsAfterResume.filter((call) => call.task === marker),
          `${marker} completed before the kill`,
        ).toEqual([]);
      }
      // The results count every call the run recorded, before and after the kill.
      const recordedCalls = readEvents(runDir).filter((event) => event.type === 'model-call-end').length;
      expect(after.summary.usage.calls).toBe(recordedCalls);
      expect(recordedCalls).toBeLessThanOrEqual(server.calls.length);
    });
  }

  it('stops on SIGINT with exit 130, cancelled tasks in results.json, and a resume that finishes them', async () => {
    server = await startScriptedModelServer(batchScripts, { delayMs: 150 });
    const dir = copyFixture('batch');
    const child = execa('node', [bin, 'run', 'agentbatch.yaml', '-c', '2'], {
      cwd: dir,
      reject: false,
      all: true,
      stdin: 'ignore',
      env: { MODEL_URL: server.url, NO_COLOR: '1' },
    });
    while (server.calls.length < 3) await new Promise((resolve) => setTimeout(resolve, 10));
    const interruptedAt = Date.now();
    child.kill('SIGINT');
    const interrupted = await child;
    expect(interrupted.exitCode, interrupted.all).toBe(130);
    expect(Date.now() - interruptedAt).toBeLessThan(5000);
    expect(interrupted.all).toContain('--resume');

    const runDir = onlyRunDir(dir);
    const results = readResults(runDir);
    expect(results.status).toBe('interrupted');
    expect(results.tasks).toHaveLength(3);
    expect(results.summary.cancelled).toBeGreaterThan(0);
    expect(
      results.tasks.filter((task) => task.status === 'cancelled').every((task) => task.error?.code === 'cancelled'),
    ).toBe(true);

    // A pause between the sessions, which is not running time.
    const pauseMs = 2_000;
    await new Promise((resolve) => setTimeout(resolve, pauseMs));
    const resumed = await runCli(['run', 'agentbatch.yaml', '--resume'], { cwd: dir, env: { MODEL_URL: server.url } });
    expect(resumed.exitCode, resumed.all).toBe(0);
    const after = readResults(runDir);
    expect(after.summary.completed).toBe(3);
    expect(after.durationMs).toBeLessThan(Date.parse(after.endedAt) - Date.parse(after.startedAt) - pauseMs);
    expect(readFileSync(join(dir, 'calculator/calc.js'), 'utf8')).toContain('return a + b;');
  });

  it('re-runs only what did not complete with --retry-failed', async () => {
    server = await startScriptedModelServer(batchScripts);
    const dir = copyFixture('batch');
    const first = await runCli(['run', 'agentbatch.yaml', '--max-iterations', '1'], {
      cwd: dir,
      env: { MODEL_URL: server.url },
    });
    expect(first.exitCode, first.all).toBe(1);
    const runDir = onlyRunDir(dir);
    expect(readResults(runDir).summary).toMatchObject({ completed: 2, incomplete: 1 });
    const callsBefore = server.calls.length;

    const retried = await runCli(['run', 'agentbatch.yaml', '--retry-failed'], {
      cwd: dir,
      env: { MODEL_URL: server.url },
    });
    expect(retried.exitCode, retried.all).toBe(0);
    const after = readResults(runDir);
    expect(after.summary.completed).toBe(3);
    const rerun = new Set(server.calls.slice(callsBefore).map((call) => call.task));
    expect([...rerun]).toEqual(['[docs]']);
  });
});
