import { describe, expect, it } from '@jest/globals';
import { formatBytes, tableCell } from './markdown.js';

describe('formatBytes', () => {
  it.each([
    [0, '0 B'],
    [1023, '1023 B'],
    [1024, '1.0 KiB'],
    [1536, '1.5 KiB'],
    [1024 * 1024, '1.0 MiB'],
    [123 * 1024 * 1024, '123.0 MiB'],
    [3 * 1024 ** 3, '3.0 GiB'],
    [5 * 1024 ** 4, '5120.0 GiB'],
  ])('formats %d as %s', (n, text) => {
    expect(formatBytes(n)).toBe(text);
  });

  // Cosmetic: just under a unit boundary rounds up to "1024.0 KiB" instead of "1.0 MiB".
  it('never prints 1024.0 of a unit', () => {
    expect(formatBytes(1024 * 1024 - 1)).toBe('1.0 MiB');
  });
});

describe('tableCell', () => {
  it('keeps pipes, line breaks and raw HTML from leaving the cell', () => {
    expect(tableCell('a|b\r\n  c<script>')).toBe('a\\|b c&lt;script>');
  });
});
