const reference = /\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}/g;

export class MissingVariableError extends Error {
  constructor(readonly variable: string) {
    super(`environment variable ${variable} is not set`);
  }
}

/**
 * Expands `${VAR}` and `${VAR:-default}` in one string. An empty variable counts as unset for
 * `:-`, as in the shell. `$${` escapes a literal `${`.
 */
export function expandEnv(text: string, env: NodeJS.ProcessEnv): string {
  const escaped = '\u0000';
  return text
    .replaceAll('$${', escaped)
    .replace(reference, (_match, name: string, fallback: string | undefined) => {
      const value = env[name];
      if (value !== undefined && value !== '') return value;
      if (fallback !== undefined) return fallback;
      throw new MissingVariableError(name);
    })
    .replaceAll(escaped, '${');
}
