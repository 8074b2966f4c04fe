/**
 * Text for the job summary's markdown: sizes people read, and table cells that untrusted
 * text (file names, tool output, service messages) cannot break out of.
 */

/** Bytes in binary units with one decimal: `512 B`, `1.5 KiB`, `3.0 GiB`. */
export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  const units = ['KiB', 'MiB', 'GiB'];
  let v = n / 1024;
  let i = 0;
  // Compare after rounding, so 1048575 bytes reads 1.0 MiB rather than 1024.0 KiB.
  while (Number(v.toFixed(1)) >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${v.toFixed(1)} ${units[i]}`;
}

/**
 * A table cell: a pipe would end the cell and a line break the row, and `<` could open raw
 * HTML, so none of them survive as themselves.
 */
export function tableCell(text: string): string {
  return text
    .replace(/\|/g, '\\|')
    .replace(/\s*[\r\n]+\s*/g, ' ')
    .replace(/</g, '&lt;');
}
