import { rm, utimes } from 'node:fs/promises';
import path from 'node:path';
import { git } from './git.js';

/**
 * How a copy started, as a commit in a bare repository of its own kept beside the copy (out of
 * the agents' sight), so that the copy's change is a real git patch whether or not the original
 * is a repository.
 *
 * The snapshot is taken of the original, not of the copy, so it can be taken while the agents
 * already work in the copy. `cp -a` kept every file's size and modification time, and git is told
 * to compare only those (`core.checkStat=minimal`; inode numbers and change times differ between
 * a file and its copy), so working out the copy's change hashes only the files that changed (and
 * those whose time gives no certainty, see `take`).
 *
 * Left out of the snapshot and the change: what the folder's `.gitignore` leaves out, every
 * `node_modules` folder (dependencies are installed, not patched), and `leftOut` (the run folder
 * when it lies inside the task's folder).
 */
export class Baseline {
  private readonly pathspecs: string[];

  constructor(
    readonly gitDir: string,
    leftOut: readonly string[],
  ) {
    this.pathspecs = [
      '.',
      ':(exclude,glob)**/node_modules/**',
      ...leftOut.map((relative) => `:(exclude,literal)${relative}`),
    ];
  }

  /**
   * Takes `folder` as it is now as the baseline of a copy of it made at `copiedAt` (ms; undefined:
   * not known), replacing any earlier one.
   */
  async take(folder: string, copiedAt: number | undefined): Promise<void> {
    await rm(this.gitDir, { recursive: true, force: true });
    await git(['init', '-q', '--bare', this.gitDir], { cwd: folder });
    // Every file is "big", so git streams them all into one pack instead of writing a file per
    // file: a third of the time. Only here: `diff` would take big files for binary ones.
    await this.git(['-c', 'core.bigFileThreshold=1', 'add', '-A', '--', ...this.pathspecs], folder);
    await this.git(['commit', '-q', '--allow-empty', '--no-verify', '-m', 'baseline'], folder);
    // git trusts a file whose size and modification time (in whole seconds) match its index entry,
    // except one modified in the same second as the index or later ("racily clean"): its content is
    // compared. An agent's edit comes after the copy was made, so an entry whose time is not before
    // that second must be compared by content, since an edit of the same size in that second would
    // look unchanged. Dating the index to that second makes git do so; to the epoch, for every file.
    const since = copiedAt === undefined ? 1 : Math.floor(copiedAt / 1000);
    await utimes(path.join(this.gitDir, 'index'), since, since);
  }

  /** Whether a baseline was taken to the end (a session can stop while it is being taken). */
  async isTaken(folder: string): Promise<boolean> {
    const head = await this.git(['rev-parse', '--verify', '-q', 'HEAD'], folder, true);
    return head.exitCode === 0;
  }

  /** The change of `folder` since the baseline, as a git patch relative to it; '' when none. */
  async changeOf(folder: string): Promise<string> {
    await this.git(['add', '-A', '--', ...this.pathspecs], folder);
    return (await this.git(['diff', '--cached', '--no-color', '--binary', 'HEAD'], folder)).stdout;
  }

  private git(args: readonly string[], workTree: string, allowFailure = false) {
    return git(['-c', 'core.checkStat=minimal', '-c', 'core.trustctime=false', ...args], {
      cwd: workTree,
      env: { GIT_DIR: this.gitDir, GIT_WORK_TREE: workTree },
      allowFailure,
    });
  }
}
