/**
 * A NUL byte means binary: text in the encodings we can show the model never contains one, and
 * decoding binary data as UTF-8 would only feed the model noise.
 */
export function looksBinary(bytes: Uint8Array): boolean {
  return bytes.includes(0);
}
