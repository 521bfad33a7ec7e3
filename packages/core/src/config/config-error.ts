const marker = Symbol.for('agentbatch.error.ConfigError');

export interface ConfigErrorLocation {
  file: string;
  /** 1-based. */
  line?: number;
  column?: number;
  /** Dotted path in the YAML document, e.g. `agents.coder.provider`. */
  yamlPath?: string;
}

/**
 * Bad configuration or input: the CLI prints `message` without a stack trace and exits 2.
 * The message always says what is wrong, where, and how to fix it.
 */
export class ConfigError extends Error {
  readonly [marker] = true;
  readonly code = 'config';
  readonly location: ConfigErrorLocation | undefined;

  constructor(message: string, location?: ConfigErrorLocation, options?: { cause?: unknown }) {
    super(location ? `${formatLocation(location)}: ${message}` : message, options);
    this.name = 'ConfigError';
    this.location = location;
  }

  static isInstance(error: unknown): error is ConfigError {
    return typeof error === 'object' && error !== null && marker in error;
  }
}

export function formatLocation(location: ConfigErrorLocation): string {
  let text = location.file;
  if (location.line !== undefined) text += `:${location.line}`;
  if (location.line !== undefined && location.column !== undefined) text += `:${location.column}`;
  if (location.yamlPath) text += ` (at ${location.yamlPath})`;
  return text;
}
