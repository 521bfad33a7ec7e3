import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { setTimeout as delay } from 'node:timers/promises';
import { type CommandSandbox, sandboxedCommand } from './command-sandbox.js';

/** Output kept of one command (as execa's default `maxBuffer`): past it the command is stopped. */
const maxOutputBytes = 100_000_000;
/** Time a process gets to exit after SIGTERM before it gets SIGKILL. */
const killGraceMs = 2_000;
/** How often a stopped group is checked for processes still alive. */
const groupPollMs = 25;
/** Process groups and `exec 2>&1` are POSIX notions; on Windows only the shell itself can be killed. */
const isPosix = process.platform !== 'win32';

export interface CommandOptions {
  command: string;
  cwd: string;
  timeoutMs: number;
  /** Aborting it stops the command, child processes included, and `runCommand` rejects with the reason. */
  signal: AbortSignal;
  sandbox?: CommandSandbox;
  /** The variables the command sees (default: this process's); hints that nobody is at the keyboard are added. */
  env?: NodeJS.ProcessEnv;
}

export interface CommandResult {
  /** stdout and stderr interleaved in the order they were written. */
  output: string;
  exitCode: number | undefined;
  /** The signal that killed it, when it did not exit by itself. */
  killedBy: string | undefined;
  timedOut: boolean;
  /** Why it could not start at all, when it has neither an exit code nor a signal. */
  startError: string | undefined;
}

/**
 * Runs a shell command with nobody at the keyboard, in its own process group, so that stopping it
 * (time limit, abort) also stops what the shell started (`sleep 30; …`, `server &`): killing only
 * the shell would leave those running and holding the output pipe open. Background processes left
 * when the command finishes are stopped too.
 */
export async function runCommand(options: CommandOptions): Promise<CommandResult> {
  options.signal.throwIfAborted();
  // One signal for both ways a command is stopped early, so they share the process-group kill.
  const stop = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    stop.abort(new Error(`Timed out after ${options.timeoutMs} ms`));
  }, options.timeoutMs);
  const forwardAbort = () => stop.abort(options.signal.reason);
  options.signal.addEventListener('abort', forwardAbort, { once: true });
  try {
    // Two pipes read side by side lose the order of stdout and stderr lines; the shell joins them in one.
    const script = isPosix ? `exec 2>&1\n${options.command}` : options.command;
    const sandboxed = sandboxedCommand(options.sandbox ?? { type: 'none' }, options.cwd, script);
    const [file, args] = sandboxed
      ? [sandboxed.file, sandboxed.args]
      : isPosix
        ? ['/bin/sh', ['-c', script]]
        : [script, []];
    const subprocess = spawn(file, args, {
      cwd: options.cwd,
      env: nonInteractiveEnv(options.env ?? process.env),
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: isPosix,
      shell: !sandboxed && !isPosix,
      windowsHide: true,
    });
    const group = subprocess.pid === undefined ? undefined : trackGroup(subprocess.pid);
    let groupStopped: Promise<void> | undefined;
    const stopGroup = () => {
      groupStopped ??= group ? stopProcessGroup(group) : Promise.resolve();
      return groupStopped;
    };
    const output = collectOutput(subprocess, () => stop.abort(new Error(`Output over ${maxOutputBytes} bytes`)));
    const stopped = () => {
      // What ignores SIGTERM in the group gets SIGKILL from stopGroup; the shell itself too.
      if (subprocess.exitCode === null && subprocess.signalCode === null) subprocess.kill('SIGTERM');
      void stopGroup();
    };
    stop.signal.addEventListener('abort', stopped, { once: true });
    // Background processes left when the shell ends would hold the output pipe open: they stop with it.
    subprocess.once('exit', stopGroup);
    const ended = await new Promise<{ code: number | null; signal: NodeJS.Signals | null; error?: Error }>(
      (resolve) => {
        subprocess.once('error', (error) => resolve({ code: null, signal: null, error }));
        subprocess.once('close', (code, signal) => resolve({ code, signal }));
      },
    );
    stop.signal.removeEventListener('abort', stopped);
    await stopGroup();
    options.signal.throwIfAborted();
    return {
      output: output.text(),
      exitCode: ended.code ?? undefined,
      killedBy: ended.signal ?? undefined,
      timedOut,
      startError: ended.error === undefined ? undefined : `Command failed to start: ${file}: ${ended.error.message}`,
    };
  } finally {
    clearTimeout(timer);
    options.signal.removeEventListener('abort', forwardAbort);
  }
}

/**
 * The given environment with hints that there is nobody at the keyboard. NO_COLOR keeps escape
 * codes out of the model's context; FORCE_COLOR is dropped because Node warns when both are set.
 */
function nonInteractiveEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const { FORCE_COLOR: _dropped, ...inherited } = env;
  return { ...inherited, CI: '1', NO_COLOR: '1', GIT_TERMINAL_PROMPT: '0', GIT_PAGER: 'cat', PAGER: 'cat' };
}

/** Process groups of commands still running, killed outright if agentbatch exits before they stop. */
const liveGroups = new Set<number>();
let killOnExitInstalled = false;

function trackGroup(pid: number): number | undefined {
  if (!isPosix) return undefined;
  if (!killOnExitInstalled) {
    killOnExitInstalled = true;
    // A second Ctrl-C exits at once; whatever a command started must not outlive the CLI.
    process.once('exit', () => {
      for (const group of liveGroups) signalGroup(group, 'SIGKILL');
    });
  }
  liveGroups.add(pid);
  return pid;
}

/** SIGTERM to the whole group, SIGKILL for whatever ignored it; resolves when no process of it is left. */
async function stopProcessGroup(pid: number): Promise<void> {
  try {
    if (!signalGroup(pid, 'SIGTERM')) return;
    const deadline = Date.now() + killGraceMs;
    while (Date.now() < deadline) {
      await delay(groupPollMs);
      if (!groupAlive(pid)) return;
    }
    signalGroup(pid, 'SIGKILL');
    // SIGKILL cannot be ignored; wait only for the kernel to deliver it.
    for (let tries = 0; tries < 20 && groupAlive(pid); tries++) await delay(groupPollMs);
  } finally {
    liveGroups.delete(pid);
  }
}

/**
 * Whether a process of group `pid` still runs. A process that has ended but not been reaped yet
 * (a zombie, reparented to an init that may reap late or never, as in many containers) still takes
 * signals, so on Linux /proc is read to count only processes that have not ended.
 */
function groupAlive(pid: number): boolean {
  if (!existsSync('/proc/self/stat')) return signalGroup(pid, 0);
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
    } catch {
      continue; // ended while the folder was read
    }
    // "pid (name) state ppid pgrp …", where the name may itself hold spaces and parentheses.
    const [state, , group] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (group === String(pid) && state !== 'Z' && state !== 'X') return true;
  }
  return false;
}

/** Sends `signal` (0 only checks) to every process of group `pid`; false when none is left. */
function signalGroup(pid: number, signal: NodeJS.Signals | 0): boolean {
  try {
    process.kill(-pid, signal);
    return true;
  } catch {
    // ESRCH: the group is already gone, which is the goal.
    return false;
  }
}

/**
 * stdout and stderr in the order they arrive (the shell already joins them; a sandbox's own
 * messages come on stderr). Calls `tooMuch` once the output passes `maxOutputBytes`.
 */
function collectOutput(subprocess: ChildProcess, tooMuch: () => void): { text(): string } {
  const chunks: Buffer[] = [];
  let bytes = 0;
  const keep = (chunk: Buffer) => {
    if (bytes > maxOutputBytes) return;
    chunks.push(chunk);
    bytes += chunk.length;
    if (bytes > maxOutputBytes) tooMuch();
  };
  subprocess.stdout?.on('data', keep);
  subprocess.stderr?.on('data', keep);
  return {
    text: () =>
      Buffer.concat(chunks)
        .toString('utf8')
        .replace(/\r?\n$/, ''),
  };
}
