/** Variable names that look like they hold a secret. */
const secretName = /KEY|TOKEN|SECRET|PASSWORD|CREDENTIAL/i;

export interface ShellEnvironmentOptions {
  /** Values that must not reach a command under any name: the configured API keys. */
  secrets: Iterable<string | undefined>;
  /** Names kept even though they look like secrets (`run.shellEnv.pass`). */
  pass: readonly string[];
}

/**
 * The environment for commands the agents run (`run_shell`, `verify`): the parent's, minus every
 * variable that holds a configured API key (whatever its name) and every variable whose name looks
 * like a secret, unless `pass` names it. A model can run `env`; what is not there cannot leak.
 */
export function shellEnvironment(env: NodeJS.ProcessEnv, options: ShellEnvironmentOptions): NodeJS.ProcessEnv {
  const secretValues = new Set([...options.secrets].filter((value): value is string => Boolean(value)));
  const pass = new Set(options.pass);
  const scrubbed: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(env)) {
    if (value === undefined) continue;
    const passed = pass.has(name);
    if (!passed && secretName.test(name)) continue;
    if (!passed && secretValues.has(value)) continue;
    scrubbed[name] = value;
  }
  return scrubbed;
}
