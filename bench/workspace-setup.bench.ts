import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { bench } from 'vitest';
import { prepareWorkspace } from '../packages/core/src/workspaces/prepare-workspace.js';
import type { TaskWorkspace, WorkspaceMode } from '../packages/core/src/workspaces/task-workspace.js';

/**
 * How long a task waits for its workspace in `run.workspace: copy` and `worktree`, for a folder
 * of 10,000 files (100 folders of 100 files of about 1 KB, a git repository with one commit),
 * beside a plain `cp -r` of the same folder measured in the same run. Copy mode is `cp -a`; the
 * baseline its change is worked out against is taken meanwhile, while the agents start, so the
 * bench also times set-up plus working out the (empty) change, which waits for the baseline.
 * Worktree mode is `git worktree add`. Each is the median of a few rounds; the ratios are the
 * median of each round's ratio.
 */
const files = Number(process.env.BENCH_FILES ?? 10_000);
const rounds = Number(process.env.BENCH_ROUNDS ?? 4);

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

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
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
    const prepare = async (mode: WorkspaceMode, round: number, then?: 'diff') => {
      let workspace: TaskWorkspace | undefined;
      const ms = await timed(async () => {
        workspace = await prepareWorkspace({
          mode,
          sourceDir: source,
          stateDir: join(base, `run-${mode}-${then ?? 'setup'}-${round}`),
          branch: `bench/${mode}-${then ?? 'setup'}-${round}`,
          exclude: [],
          fresh: true,
        });
        if (then === 'diff') await workspace.diff();
      });
      // Untimed: the copy's baseline is finished before the next round starts, so rounds do not overlap.
      await workspace?.remove();
      return ms;
    };
    const ways = {
      'cp -r': (round: number) =>
        timed(() => execa('cp', ['-r', source, join(base, `cp-${round}`)])).finally(() =>
          rm(join(base, `cp-${round}`), { recursive: true, force: true }),
        ),
      'workspace: copy': (round: number) => prepare('copy', round),
      'workspace: copy, then its diff': (round: number) => prepare('copy', round, 'diff'),
      'workspace: worktree': (round: number) => prepare('worktree', round),
    };
    const times = new Map<string, number[]>(Object.keys(ways).map((name) => [name, []]));
    try {
      // Each round times every way back to back, so a busy moment of the machine weighs on all of
      // them, each round starting with the next way (the file system's write-back of one way's
      // copy slows the ways after it).
      const entries = Object.entries(ways);
      for (let round = 0; round < rounds; round++) {
        for (let step = 0; step < entries.length; step++) {
          const [name, way] = entries[(round + step) % entries.length] as (typeof entries)[number];
          times.get(name)?.push(await way(round));
        }
      }
      const cp = times.get('cp -r') ?? [];
      const lines = [...times].map(([name, ms]) => {
        const ratio = median(ms.map((value, round) => value / (cp[round] as number)));
        return `${name.padEnd(34)} ${(median(ms) / 1000).toFixed(2)} s   ${ratio.toFixed(2)} × cp -r`;
      });
      console.log([`${files.toLocaleString('en')} files, median of ${rounds} rounds:`, ...lines].join('\n'));
    } finally {
      // The repository and its worktrees all live under `base`.
      rmSync(base, { recursive: true, force: true });
    }
  },
  { iterations: 1, time: 0, warmupIterations: 0, warmupTime: 0 },
);
