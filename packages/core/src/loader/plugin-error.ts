import { ConfigError, type ConfigErrorLocation } from '../config/config-error.js';

/** A plugin that cannot be found, loaded or configured; it is a config problem, so exit status 2. */
export function pluginError(
  kind: string,
  name: string,
  problem: string,
  location: ConfigErrorLocation,
  cause?: unknown,
): ConfigError {
  return new ConfigError(`${kind} "${name}": ${problem}`, location, { cause });
}
