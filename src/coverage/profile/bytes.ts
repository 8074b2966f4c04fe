/** A profile as bytes, and the few strings made from them. */

const utf8 = new TextDecoder('utf-8');

/** Text of bytes start..end (names and messages; the numbers are read as bytes). */
export function decode(bytes: Uint8Array, start: number, end: number): string {
  return utf8.decode(bytes.subarray(start, end));
}

/** Bytes of a profile: a Buffer or Uint8Array as it is, a string encoded once. */
export function bytesOf(input: string | Uint8Array): Uint8Array {
  return typeof input === 'string' ? new TextEncoder().encode(input) : input;
}
