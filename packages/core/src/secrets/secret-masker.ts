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

  /** A JSON-like value with every string in it masked: copied where something was masked, itself elsewhere. */
  maskValue<Value>(value: Value): Value {
    if (this.isEmpty) return value;
    return maskStrings(value, (text) => this.mask(text)) as Value;
  }
}

/** A masker that masks nothing, for runs and tests without secrets. */
export const noSecrets = new SecretMasker([]);

/**
 * `value` with every string in it masked. Parts with nothing to mask are kept as they are, not
 * copied: a reporter gets every event through here, and almost none holds a secret.
 */
function maskStrings(value: unknown, mask: (text: string) => string): unknown {
  if (typeof value === 'string') return mask(value);
  if (Array.isArray(value)) {
    let copy: unknown[] | undefined;
    value.forEach((item, index) => {
      const masked = maskStrings(item, mask);
      if (masked === item) return;
      copy ??= [...value];
      copy[index] = masked;
    });
    return copy ?? value;
  }
  if (value !== null && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    let copy: Record<string, unknown> | undefined;
    for (const [key, item] of Object.entries(value)) {
      const masked = maskStrings(item, mask);
      if (masked === item) continue;
      copy ??= { ...value };
      copy[key] = masked;
    }
    return copy ?? value;
  }
  return value;
}
