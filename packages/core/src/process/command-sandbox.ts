/**
 * How shell commands of the agents are confined. `none` runs them as the user running agentbatch;
 * `bwrap` runs them under bubblewrap: the whole file system read-only except the task folder and
 * a private /tmp, and (with `network: false`) no network. The command gets a pid namespace of its
 * own, so everything it started dies with it: when the shell ends, when bwrap is killed (time limit,
 * Ctrl-C), and — through `--die-with-parent` — when agentbatch itself dies. Killing bwrap's process
 * group alone would not do: `--new-session` (which keeps commands away from the terminal) puts the
 * shell outside that group.
 */
export type CommandSandbox = { type: 'none' } | { type: 'bwrap'; network: boolean };

/** The program and arguments that run `script` in `cwd` inside the sandbox, or undefined for none. */
export function sandboxedCommand(
  sandbox: CommandSandbox,
  cwd: string,
  script: string,
): { file: string; args: string[] } | undefined {
  if (sandbox.type === 'none') return undefined;
  return {
    file: 'bwrap',
    args: [
      '--ro-bind',
      '/',
      '/',
      '--dev',
      '/dev',
      '--proc',
      '/proc',
      '--tmpfs',
      '/tmp',
      '--bind',
      cwd,
      cwd,
      '--chdir',
      cwd,
      '--unshare-pid',
      '--die-with-parent',
      '--new-session',
      ...(sandbox.network ? [] : ['--unshare-net']),
      '/bin/sh',
      '-c',
      script,
    ],
  };
}
