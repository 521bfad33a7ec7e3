import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { bench } from 'vitest';
import { prepareWorkspace } from '../packages/core/src/workspaces/prepare-workspace.js';
import type { WorkspaceMode } from '../packages/core/src/workspaces/task-workspace.js';

/**
 * How long a task waits for its workspace in `run.workspace: copy` and `worktree`, for a folder
 * of 10,000 files (100 folders of 100 files of about 1 KB, a git repository with one commit),
 * beside a plain `cp -r` of the same folder measured in the same run. Copy mode is `cp -a` plus a
 * snapshot of the copy in a baseline repository (so its change is a git patch); worktree mode is
 * `git worktree add`. Each is the median of a few rounds.
 */
const files = Number(process.env.BENCH_FILES ?? 10_000);
const rounds = Number(process.env.BENCH_ROUNDS ?? 3);

function makeFolder(): string {
  const base = mkdtempSync(join(tmpdir(), 'agentbatch-workspace-bench-'));
  const source = join(base, 'project');
  for (let index = 0; index < files; index++) {
    const folder = join(source, `src/module-${index % 100}`);
    if (index < 100) mkdirSync(folder, { recursive: true });
    writeFileSync(
      join(folder, `file-${index}.ts`),
      `export const value${index} = ${index};\n${'// line\n'.repeat(120)}`,
    );
  }
  return source;
}

async function timed(action: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await action();
  return performance.now() - started;
}

async function median(action: (round: number) => Promise<number>): Promise<number> {
  const times: number[] = [];
  for (let round = 0; round < rounds; round++) times.push(await action(round));
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)] as number;
}

bench(
  `workspace set-up for a ${files.toLocaleString('en')}-file folder`,
  async () => {
    const source = makeFolder();
    const base = join(source, '..');
    const git = (...args: string[]) =>
      execa('git', ['-c', 'user.name=b', '-c', 'user.email=b@b', '-c', 'gc.auto=0', ...args], { cwd: source });
    await git('init', '-q');
    await git('add', '-A');
    await git('commit', '-q', '-m', 'files');
    // Packed, as a repository people work in is; and no automatic gc racing the copies below.
    await git('gc', '-q');
    const prepare = (mode: WorkspaceMode, round: number) =>
      timed(() =>
        prepareWorkspace({
          mode,
          sourceDir: source,
          stateDir: join(base, `run-${mode}-${round}`),
          branch: `bench/${mode}-${round}`,
          exclude: [],
          fresh: true,
        }),
      );
    try {
      const cp = await median((round) => timed(() => execa('cp', ['-r', source, join(base, `cp-${round}`)])));
      const copy = await median((round) => prepare('copy', round));
      const worktree = await median((round) => prepare('worktree', round));
      const line = (name: string, ms: number) =>
        `${name.padEnd(22)} ${(ms / 1000).toFixed(2)} s   ${(ms / cp).toFixed(2)} × cp -r`;
      console.log(
        [
          `${files.toLocaleString('en')} files, median of ${rounds}:`,
          line('cp -r', cp),
          line('workspace: copy', copy),
          line('workspace: worktree', worktree),
        ].join('\n'),
      );
    } finally {
      // The repository and its worktrees all live under `base`.
      rmSync(base, { recursive: true, force: true });
    }
  },
  { iterations: 1, time: 0, warmupIterations: 0, warmupTime: 0 },
);
