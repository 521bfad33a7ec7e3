import { describe, expect, it } from 'vitest';
import { SecretMasker } from './secret-masker.js';

describe('SecretMasker', () => {
  const masker = new SecretMasker(['sk-live-123456', 'tok"en\\value', undefined, 'abc']);

  it('masks every occurrence of a secret in text', () => {
    expect(masker.mask('key=sk-live-123456; again sk-live-123456.')).toBe('key=***; again ***.');
  });

  it('masks a secret inside JSON text, where quotes and backslashes are escaped', () => {
    const json = JSON.stringify({ env: 'X=tok"en\\value' });
    expect(json).not.toContain('tok"en\\value');
    expect(masker.mask(json)).toBe('{"env":"X=***"}');
  });

  it('leaves values too short to be keys alone', () => {
    expect(masker.mask('abc abc')).toBe('abc abc');
  });

  it('masks a longer secret whole when it contains a shorter one', () => {
    const nested = new SecretMasker(['secret-1', 'secret-1-and-more']);
    expect(nested.mask('secret-1-and-more')).toBe('***');
  });

  it('masks the strings of nested objects and arrays, leaving other values as they are', () => {
    const value = { a: ['sk-live-123456', 3], b: { c: 'x sk-live-123456', d: null, e: true } };
    expect(masker.maskValue(value)).toEqual({ a: ['***', 3], b: { c: 'x ***', d: null, e: true } });
    expect(value.a[0]).toBe('sk-live-123456');
  });

  it('returns the value itself when there is nothing to mask', () => {
    const value = { a: 'text' };
    expect(new SecretMasker([]).maskValue(value)).toBe(value);
  });

  it('copies only the parts that held a secret', () => {
    const clean = { list: ['a', 1], nested: { text: 'b' } };
    const value = { clean, dirty: { key: 'sk-live-123456' } };
    expect(masker.maskValue(clean)).toBe(clean);
    const masked = masker.maskValue(value);
    expect(masked).not.toBe(value);
    expect(masked.clean).toBe(clean);
    expect(masked.dirty).toEqual({ key: '***' });
    expect(value.dirty.key).toBe('sk-live-123456');
  });
});
