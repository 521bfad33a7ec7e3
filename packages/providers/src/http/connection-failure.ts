export interface ConnectionFailure {
  /** Why no connection was made, for a person: `connection refused (ECONNREFUSED)`. */
  reason: string;
  /** No retry can fix it: the URL itself is wrong. */
  permanent: boolean;
}

/** Network error codes that mean the server could not be reached at all (not a connection dropped mid-way). */
const unreachable: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ENOTFOUND: 'host not found',
  EAI_AGAIN: 'host name lookup failed',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  EADDRNOTAVAIL: 'address not available',
};

/**
 * Why a request made no connection, when that is what went wrong: the server refused it, its
 * host is unknown, or the URL cannot be fetched at all. Undefined for other failures (a dropped
 * connection, a timeout), which are worth retrying as they are.
 */
export function connectionFailure(error: unknown): ConnectionFailure | undefined {
  for (let current = error, depth = 0; current instanceof Error && depth < 6; current = current.cause, depth++) {
    const code = (current as { code?: unknown }).code;
    if (code === 'ERR_INVALID_URL') return { reason: 'invalid URL', permanent: true };
    if (typeof code === 'string' && unreachable[code])
      return { reason: `${unreachable[code]} (${code})`, permanent: false };
    // `fetch` (and nodeHttpFetch after it) refuses a URL that is not http(s) before connecting, with no code.
    if (current.message === 'unknown scheme')
      return { reason: 'the URL does not start with http:// or https://', permanent: true };
  }
  return undefined;
}

/** The full URL of an endpoint below a base URL, as the SDKs build it. */
export function endpointURL(baseURL: string, path: string): string {
  return `${baseURL.replace(/\/+$/, '')}${path}`;
}
