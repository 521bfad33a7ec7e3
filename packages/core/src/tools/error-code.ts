/** The `code` of a Node system error (`ENOENT`, `EISDIR`, …), or undefined for any other value. */
export function errorCode(error: unknown): string | undefined {
  if (typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string') {
    return error.code;
  }
  return undefined;
}
