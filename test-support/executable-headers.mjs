// The smallest headers that declare an executable's format and machine, built byte by byte
// from the ELF, Mach-O and PE specifications, for tests of the executable-format reader.

/** An ELF header: 64-bit unless `is32`, little-endian unless `bigEndian`. */
export function elfHeader(machine, bigEndian = false, is32 = false) {
  const b = Buffer.alloc(64);
  b.writeUInt32BE(0x7f454c46, 0);
  b[4] = is32 ? 1 : 2;
  b[5] = bigEndian ? 2 : 1;
  b[6] = 1;
  if (bigEndian) b.writeUInt16BE(machine, 18);
  else b.writeUInt16LE(machine, 18);
  return b;
}

/** A Mach-O header (64-bit magic) with the given cputype. */
export function machoHeader(cpuType) {
  const b = Buffer.alloc(32);
  b.writeUInt32LE(0xfeedfacf, 0);
  b.writeUInt32LE(cpuType, 4);
  return b;
}

/** A DOS stub pointing at a PE header with the given Machine, where Go's linker puts it. */
export function peHeader(machine, peOffset = 0x80) {
  const b = Buffer.alloc(peOffset + 24);
  b.write('MZ', 0, 'latin1');
  b.writeUInt32LE(peOffset, 0x3c);
  b.writeUInt32BE(0x50450000, peOffset);
  b.writeUInt16LE(machine, peOffset + 4);
  return b;
}
