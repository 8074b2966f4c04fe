/**
 * What platform an executable was built for, read from its first bytes: the ELF, Mach-O or
 * PE header. Lets the health check say something true about a toolchain for another
 * platform (which cannot be run here): a mirror that serves the arm64 build under the amd64
 * name is caught before any job tries to run it.
 */

/** The header family and Go architecture an executable's header declares. */
export interface ExecutableFormat {
  readonly format: 'elf' | 'mach-o' | 'pe';
  /** A GOARCH, or `unknown (<machine number>)` for a machine Go does not build for. */
  readonly arch: string;
}

/** How many leading bytes {@link executableFormat} needs (PE headers sit past the DOS stub). */
export const HEADER_BYTES = 4096;

// ELF e_machine values (the System V gABI registry) for the architectures Go builds.
const ELF_MACHINES: Readonly<Record<number, string>> = {
  3: '386',
  8: 'mips',
  20: 'ppc',
  21: 'ppc64',
  22: 's390x',
  40: 'arm',
  62: 'amd64',
  183: 'arm64',
  243: 'riscv64',
  258: 'loong64',
};

// Mach-O cputype values (mach/machine.h); 64-bit types carry the 0x01000000 ABI bit.
const MACHO_CPUS: Readonly<Record<number, string>> = {
  7: '386',
  12: 'arm',
  0x01000007: 'amd64',
  0x0100000c: 'arm64',
};

// PE/COFF Machine values (the Microsoft PE format specification).
const PE_MACHINES: Readonly<Record<number, string>> = {
  0x014c: '386',
  0x01c4: 'arm',
  0x8664: 'amd64',
  0xaa64: 'arm64',
};

const unknown = (machine: number): string => `unknown (${machine})`;

/** Reads the format and architecture from an executable's first bytes; undefined if neither. */
export function executableFormat(header: Buffer): ExecutableFormat | undefined {
  if (header.length >= 20 && header.readUInt32BE(0) === 0x7f454c46) return elf(header);
  if (header.length >= 8) {
    const magic = header.readUInt32LE(0);
    if (magic === 0xfeedface || magic === 0xfeedfacf) {
      const cpu = header.readUInt32LE(4);
      return { format: 'mach-o', arch: MACHO_CPUS[cpu] ?? unknown(cpu) };
    }
  }
  if (header.length >= 0x40 && header.toString('latin1', 0, 2) === 'MZ') {
    const pe = header.readUInt32LE(0x3c);
    if (pe + 6 <= header.length && header.readUInt32BE(pe) === 0x50450000) {
      const machine = header.readUInt16LE(pe + 4);
      return { format: 'pe', arch: PE_MACHINES[machine] ?? unknown(machine) };
    }
  }
  return undefined;
}

function elf(header: Buffer): ExecutableFormat {
  const is64 = header[4] === 2;
  const bigEndian = header[5] === 2;
  const machine = bigEndian ? header.readUInt16BE(18) : header.readUInt16LE(18);
  let arch = ELF_MACHINES[machine] ?? unknown(machine);
  // One machine number covers several GOARCHes; class and byte order tell them apart.
  if (arch === 'mips') arch = `mips${is64 ? '64' : ''}${bigEndian ? '' : 'le'}`;
  if (arch === 'ppc64' && !bigEndian) arch = 'ppc64le';
  return { format: 'elf', arch };
}

/** The header family a GOOS's executables use. */
export function formatForOs(os: string): ExecutableFormat['format'] {
  if (os === 'windows') return 'pe';
  if (os === 'darwin' || os === 'ios') return 'mach-o';
  return 'elf';
}

/** `ELF amd64`, for messages. */
export function describeFormat(format: ExecutableFormat | undefined): string {
  if (!format) return 'not an executable (no ELF, Mach-O or PE header)';
  const family = { elf: 'ELF', 'mach-o': 'Mach-O', pe: 'PE' }[format.format];
  return `${family} ${format.arch}`;
}
