import { execa } from 'execa';
import { type CommandSandbox, sandboxedCommand } from './command-sandbox.js';

/** Time a process gets to exit after SIGTERM before it gets SIGKILL. */
const killGraceMs = 2_000;
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
    const processOptions = {
      cwd: options.cwd,
      env: nonInteractiveEnv(options.env ?? process.env),
      extendEnv: false,
      stdin: 'ignore',
      all: true,
      reject: false,
      cancelSignal: stop.signal,
      forceKillAfterDelay: killGraceMs,
      detached: isPosix,
    } as const;
    const subprocess = sandboxed
      ? execa(sandboxed.file, sandboxed.args, processOptions)
      : execa(script, { ...processOptions, shell: true });
    const terminateGroup = onceOnly(() => killProcessGroup(subprocess.pid));
    stop.signal.addEventListener('abort', terminateGroup, { once: true });
    subprocess.once('exit', terminateGroup);
    const result = await subprocess;
    options.signal.throwIfAborted();
    return {
      output: String(result.all ?? ''),
      exitCode: result.exitCode,
      killedBy: result.signal,
      timedOut,
      startError: result.exitCode === undefined && result.signal === undefined ? result.shortMessage : undefined,
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

/** SIGTERM to the whole group, then SIGKILL for whatever ignored it. */
function killProcessGroup(pid: number | undefined): void {
  if (!isPosix || pid === undefined) return;
  const signalGroup = (signal: NodeJS.Signals) => {
    try {
      process.kill(-pid, signal);
    } catch {
      // ESRCH: the group is already gone, which is the goal.
    }
  };
  signalGroup('SIGTERM');
  setTimeout(() => signalGroup('SIGKILL'), killGraceMs).unref();
}

function onceOnly(action: () => void): () => void {
  let done = false;
  return () => {
    if (done) return;
    done = true;
    action();
  };
}
