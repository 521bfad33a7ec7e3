/** What a secret is replaced with wherever text leaves the process. */
export const maskedSecret = '***';

/**
 * Values shorter than this are not masked: a key that short is no secret, and masking it would
 * garble every text that happens to contain those few characters.
 */
const minimumSecretLength = 6;

/**
 * Replaces known secret values (the configured API keys) with `***` in text about to be written
 * or shown. Applied where text leaves the process — the run store, the reporters, cassettes and
 * what the models receive from tools — so no single writer has to remember it.
 */
export class SecretMasker {
  /** Longest first, so a secret that contains another is masked whole. */
  private readonly needles: readonly string[];

  constructor(secrets: Iterable<string | undefined>) {
    const needles = new Set<string>();
    for (const secret of secrets) {
      if (secret === undefined || secret.length < minimumSecretLength) continue;
      needles.add(secret);
      // The form the value takes inside JSON text, so serialized records are masked too.
      needles.add(JSON.stringify(secret).slice(1, -1));
    }
    this.needles = [...needles].sort((a, b) => b.length - a.length);
  }

  /** True when there is nothing to mask. */
  get isEmpty(): boolean {
    return this.needles.length === 0;
  }

  mask(text: string): string {
    let masked = text;
    for (const needle of this.needles) {
      if (masked.includes(needle)) masked = masked.split(needle).join(maskedSecret);
    }
    return masked;
  }

  /** A copy of a JSON-like value with every string in it masked (the value itself when nothing needs masking). */
  maskValue<Value>(value: Value): Value {
    if (this.isEmpty) return value;
    return maskStrings(value, (text) => this.mask(text)) as Value;
  }
}

/** A masker that masks nothing, for runs and tests without secrets. */
export const noSecrets = new SecretMasker([]);

function maskStrings(value: unknown, mask: (text: string) => string): unknown {
  if (typeof value === 'string') return mask(value);
  if (Array.isArray(value)) return value.map((item) => maskStrings(item, mask));
  if (value !== null && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, maskStrings(item, mask)]));
  }
  return value;
}
