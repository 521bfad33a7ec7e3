/** Folders that are huge and almost never what the model is looking for. */
export const ignoredDirectories = ['node_modules', '.git'] as const;

/**
 * Ignore globs for tinyglobby. A folder the pattern names explicitly (`node_modules/zod/**`) is
 * searched anyway: the model asked for it.
 */
export function ignoreGlobsFor(pattern: string): string[] {
  const segments = pattern.split('/');
  return ignoredDirectories.filter((name) => !segments.includes(name)).map((name) => `**/${name}/**`);
}
