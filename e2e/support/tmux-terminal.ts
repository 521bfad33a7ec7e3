import { execFileSync, spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';

export const hasTmux = spawnSync('tmux', ['-V']).status === 0;

/** Quotes text for a POSIX shell. */
export const quote = (text: string) => `'${text.replaceAll("'", "'\\''")}'`;

/**
 * A terminal the test can read: a detached tmux session on its own server socket (so it never
 * touches a tmux the developer runs), without any tmux config of theirs.
 */
export class TmuxTerminal {
  private readonly socket = `agentbatch-e2e-${process.pid}-${Date.now()}`;
  private readonly socketPath: string;

  constructor(command: string, columns: number, rows: number) {
    this.tmux('new-session', '-d', '-s', 'main', '-x', String(columns), '-y', String(rows), command);
    this.socketPath = this.tmux('display-message', '-p', '#{socket_path}').trim();
  }

  /** The visible screen, or with `history` everything since the session began. */
  capture(history = false): string[] {
    const range = history ? ['-S', '-'] : [];
    return this.tmux('capture-pane', '-p', '-t', 'main', ...range)
      .split('\n')
      .map((line) => line.trimEnd());
  }

  /** Captures until `done` holds for the screen; fails after `timeoutMs`. */
  async waitFor(done: (screen: string[]) => boolean, timeoutMs: number): Promise<string[]> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const screen = this.capture();
      if (done(screen)) return screen;
      if (Date.now() > deadline) throw new Error(`timed out; the screen shows:\n${screen.join('\n')}`);
      await sleep(50);
    }
  }

  /** Types a key, e.g. `C-c`. */
  press(key: string): void {
    this.tmux('send-keys', '-t', 'main', key);
  }

  close(): void {
    spawnSync('tmux', ['-L', this.socket, 'kill-server']);
    // Some tmux versions leave the socket file behind.
    rmSync(this.socketPath, { force: true });
  }

  private tmux(...args: string[]): string {
    return execFileSync('tmux', ['-L', this.socket, '-f', '/dev/null', ...args], { encoding: 'utf8' });
  }
}
