import { ConfigError } from '@agentbatch/core';

/**
 * Checks a queue address, `redis://HOST:PORT[/DB]` (or `rediss://` for TLS, with an optional
 * `user:password@`), and returns it as given. `where` names the flag or config key it came from.
 */
export function parseQueueUrl(text: string, where: string): string {
  const fix = `${where} takes redis://HOST:PORT[/DB], e.g. redis://127.0.0.1:6379`;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new ConfigError(`"${text}" is not a queue address; ${fix}`);
  }
  if (url.protocol !== 'redis:' && url.protocol !== 'rediss:') {
    throw new ConfigError(`"${text}" is not a Redis address (it starts with ${url.protocol}//); ${fix}`);
  }
  if (!url.hostname) throw new ConfigError(`"${text}" names no host; ${fix}`);
  const db = url.pathname.replace(/^\//, '');
  if (db !== '' && !/^\d+$/.test(db)) {
    throw new ConfigError(`"${text}": the database after the port must be a number, not "${db}"; ${fix}`);
  }
  return text;
}

/** The address without its password, for messages. */
export function displayUrl(text: string): string {
  const url = new URL(text);
  if (url.password) url.password = '***';
  return url.toString().replace(/\/$/, '');
}
