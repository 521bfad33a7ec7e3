import { execa } from 'execa';
import { z } from 'zod';
import type { Tool } from './tool.js';
import { toolFailure } from './tool-failure.js';
import { truncateMiddle } from './truncate-middle.js';

const defaultTimeoutMs = 120_000;
const maxTimeoutMs = 600_000;
/** Time a process gets to exit after SIGTERM before it gets SIGKILL. */
const killGraceMs = 2_000;
/** About 8k tokens: enough for a test run's failures, small enough to keep the conversation usable. */
const maxOutputChars = 30_000;
/** Process groups and `exec 2>&1` are POSIX notions; on Windows only the shell itself can be killed. */
const isPosix = process.platform !== 'win32';

const parameters = z.object({
  command: z
    .string()
    .min(1)
    .describe('Shell command to run in the workspace root, e.g. `npm test` or `ls -la src && git status`.'),
  timeout_ms: z
    .number()
    .int()
    .min(1)
    .max(maxTimeoutMs)
    .optional()
    .describe(`Time limit in milliseconds. Defaults to ${defaultTimeoutMs}; at most ${maxTimeoutMs}.`),
});

export const runShellTool: Tool<typeof parameters> = {
  name: 'run_shell',
  description:
    'Run a shell command with the workspace root as the working directory and return its exit code and ' +
    'combined stdout and stderr. There is no terminal and no input: interactive programs, watch modes and ' +
    'pagers will hang until the time limit. Background processes are stopped when the command finishes. ' +
    `Long output keeps its beginning and end (about ${maxOutputChars} characters).`,
  parameters,
  readOnly: false,
  async execute(args, context) {
    const label = `run_shell ${JSON.stringify(oneLine(args.command))}`;
    try {
      context.signal.throwIfAborted();
      const timeoutMs = args.timeout_ms ?? defaultTimeoutMs;
      // One signal for both ways a command is stopped early, so they share the process-group kill.
      const stop = new AbortController();
      let timedOut = false;
      const timer = setTimeout(() => {
        timedOut = true;
        stop.abort(new Error(`Timed out after ${timeoutMs} ms`));
      }, timeoutMs);
      const forwardAbort = () => stop.abort(context.signal.reason);
      context.signal.addEventListener('abort', forwardAbort, { once: true });

      let result: Awaited<ReturnType<typeof runInProcessGroup>>;
      try {
        result = await runInProcessGroup(args.command, context.workspace.root, stop.signal);
      } finally {
        clearTimeout(timer);
        context.signal.removeEventListener('abort', forwardAbort);
      }
      context.signal.throwIfAborted();

      const output = truncateMiddle(result.all ?? '', maxOutputChars) || '(no output)';
      if (timedOut) {
        return {
          isError: true,
          content: `Timed out after ${timeoutMs} ms; the command and its child processes were killed.\n\n${output}`,
          summary: `${label} → timed out`,
        };
      }
      if (result.exitCode !== undefined) {
        return { content: `Exit code ${result.exitCode}.\n\n${output}`, summary: `${label} → exit ${result.exitCode}` };
      }
      if (result.signal !== undefined) {
        return {
          content: `Killed by ${result.signal}.\n\n${output}`,
          summary: `${label} → killed by ${result.signal}`,
        };
      }
      // Neither an exit code nor a signal: the shell never started (missing workspace, out of memory…).
      return {
        isError: true,
        content: `The command could not be run: ${result.shortMessage}`,
        summary: `${label} (failed)`,
      };
    } catch (error) {
      return toolFailure(error, { summary: `${label} (failed)`, signal: context.signal });
    }
  },
};

/**
 * Run `command` in a shell in its own process group, so that stopping it also stops what the shell
 * started (`sleep 30; …`, `server &`): killing only the shell would leave those running and holding
 * the output pipe open.
 */
function runInProcessGroup(command: string, cwd: string, stopSignal: AbortSignal) {
  // Two pipes read side by side lose the order of stdout and stderr lines; the shell joins them in one.
  const subprocess = execa(isPosix ? `exec 2>&1\n${command}` : command, {
    shell: true,
    cwd,
    env: nonInteractiveEnv(),
    extendEnv: false,
    stdin: 'ignore',
    all: true,
    reject: false,
    cancelSignal: stopSignal,
    forceKillAfterDelay: killGraceMs,
    detached: isPosix,
  });
  const terminateGroup = onceOnly(() => killProcessGroup(subprocess.pid));
  stopSignal.addEventListener('abort', terminateGroup, { once: true });
  // Leftover background processes would outlive the task, or keep the pipe open until the time limit.
  subprocess.once('exit', terminateGroup);
  return subprocess;
}

/**
 * The parent's environment with hints that there is nobody at the keyboard. NO_COLOR keeps escape
 * codes out of the model's context; FORCE_COLOR is dropped because Node warns when both are set.
 */
function nonInteractiveEnv(): NodeJS.ProcessEnv {
  const { FORCE_COLOR: _dropped, ...inherited } = process.env;
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

function oneLine(command: string): string {
  const flat = command.replace(/\s+/g, ' ').trim();
  return flat.length > 80 ? `${flat.slice(0, 79)}…` : flat;
}
