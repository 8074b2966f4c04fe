// Runs Windows programs under wine in a prefix kept in the test cache (a new prefix costs
// wineboot some 10 s). Go 1.24 and later take their random numbers from ProcessPrng in
// bcryptprimitives.dll, which Wine has since 9.0; on an older Wine (Debian 12 ships 8.0) the
// runtime stops at once ("bcryptprimitives.dll not found"). There the prefix gets a
// bcryptprimitives.dll made here whose one export forwards ProcessPrng to
// advapi32.SystemFunction036 (RtlGenRandom), the call Wine 9's own ProcessPrng makes, and
// the program runs again: all else it runs is Wine's and the program's own.
import { spawnSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { testCacheDir } from './cache.mjs';
import { findWine } from './system-tools.mjs';

const FILE_ALIGNMENT = 0x200;
const SECTION_RVA = 0x1000;

/**
 * A PE32+ (x86-64) DLL named `dllName` with no code: one read-only section holding an export
 * directory whose one export, `exportName`, forwards to `target` ("dll.Function").
 */
export function forwarderDll(dllName, exportName, target) {
  // The section: the export directory (40 bytes), its three one-entry tables, the strings.
  const section = Buffer.alloc(FILE_ALIGNMENT);
  const FUNCTIONS = 40;
  const NAMES = 44;
  const ORDINALS = 48;
  let end = 52;
  const string = (s) => {
    const at = end;
    end += section.write(`${s}\0`, at, 'latin1');
    return SECTION_RVA + at;
  };
  section.writeUInt32LE(string(dllName), 12); // Name
  section.writeUInt32LE(1, 16); // Base (first ordinal)
  section.writeUInt32LE(1, 20); // NumberOfFunctions
  section.writeUInt32LE(1, 24); // NumberOfNames
  section.writeUInt32LE(SECTION_RVA + FUNCTIONS, 28);
  section.writeUInt32LE(SECTION_RVA + NAMES, 32);
  section.writeUInt32LE(SECTION_RVA + ORDINALS, 36);
  section.writeUInt32LE(string(exportName), NAMES);
  section.writeUInt16LE(0, ORDINALS);
  // An address inside the export directory is a forwarder string, not code.
  section.writeUInt32LE(string(target), FUNCTIONS);
  const exportSize = end;

  const headers = Buffer.alloc(FILE_ALIGNMENT);
  headers.write('MZ', 0, 'latin1');
  headers.writeUInt32LE(0x40, 0x3c); // e_lfanew
  headers.write('PE\0\0', 0x40, 'latin1');
  const coff = 0x44;
  headers.writeUInt16LE(0x8664, coff); // Machine: AMD64
  headers.writeUInt16LE(1, coff + 2); // NumberOfSections
  headers.writeUInt16LE(240, coff + 16); // SizeOfOptionalHeader
  headers.writeUInt16LE(0x2022, coff + 18); // EXECUTABLE_IMAGE | LARGE_ADDRESS_AWARE | DLL
  const opt = coff + 20;
  headers.writeUInt16LE(0x20b, opt); // PE32+
  headers.writeUInt32LE(FILE_ALIGNMENT, opt + 8); // SizeOfInitializedData
  headers.writeUInt32LE(SECTION_RVA, opt + 20); // BaseOfCode; AddressOfEntryPoint stays 0
  headers.writeBigUInt64LE(0x180000000n, opt + 24); // ImageBase
  headers.writeUInt32LE(0x1000, opt + 32); // SectionAlignment
  headers.writeUInt32LE(FILE_ALIGNMENT, opt + 36);
  headers.writeUInt16LE(6, opt + 40); // MajorOperatingSystemVersion
  headers.writeUInt16LE(6, opt + 48); // MajorSubsystemVersion
  headers.writeUInt32LE(SECTION_RVA + 0x1000, opt + 56); // SizeOfImage
  headers.writeUInt32LE(FILE_ALIGNMENT, opt + 60); // SizeOfHeaders
  headers.writeUInt16LE(3, opt + 68); // Subsystem: console
  headers.writeUInt16LE(0x0140, opt + 70); // DYNAMIC_BASE | NX_COMPAT (nothing to relocate)
  headers.writeBigUInt64LE(0x100000n, opt + 72); // stack reserve, commit; heap reserve, commit
  headers.writeBigUInt64LE(0x1000n, opt + 80);
  headers.writeBigUInt64LE(0x100000n, opt + 88);
  headers.writeBigUInt64LE(0x1000n, opt + 96);
  headers.writeUInt32LE(16, opt + 108); // NumberOfRvaAndSizes
  headers.writeUInt32LE(SECTION_RVA, opt + 112); // the export directory
  headers.writeUInt32LE(exportSize, opt + 116);
  const sect = opt + 240;
  headers.write('.rdata', sect, 'latin1');
  headers.writeUInt32LE(exportSize, sect + 8); // VirtualSize
  headers.writeUInt32LE(SECTION_RVA, sect + 12);
  headers.writeUInt32LE(FILE_ALIGNMENT, sect + 16); // SizeOfRawData
  headers.writeUInt32LE(FILE_ALIGNMENT, sect + 20); // PointerToRawData
  headers.writeUInt32LE(0x40000040, sect + 36); // INITIALIZED_DATA | MEM_READ
  return Buffer.concat([headers, section]);
}

/** The wine prefix of the tests. */
export function winePrefix() {
  return testCacheDir('wine-prefix');
}

/** The Windows path wine gives a file of this machine (drive Z: is /). */
export function wineZPath(file) {
  return `Z:${file.split('/').join('\\')}`;
}

/**
 * Runs `exe args` under wine. `bcryptShim` says whether the prefix needed the forwarder
 * bcryptprimitives.dll; `first` is the run that showed it (before the shim was added).
 * Throws when no wine is installed.
 */
export function runUnderWine(exe, args, options = {}) {
  const wine = findWine();
  if (!wine) throw new Error('no wine is installed');
  const prefix = winePrefix();
  const run = () =>
    spawnSync(wine, [exe, ...args], {
      encoding: 'utf8',
      timeout: options.timeout ?? 300_000,
      env: { ...process.env, WINEDEBUG: '-all', WINEPREFIX: prefix, ...options.env },
    });
  const first = run();
  const system32 = path.join(prefix, 'drive_c', 'windows', 'system32');
  if (!/bcryptprimitives\.dll not found/.test(first.stderr ?? '') || !existsSync(system32)) {
    return { ...first, bcryptShim: false };
  }
  writeFileSync(
    path.join(system32, 'bcryptprimitives.dll'),
    forwarderDll('bcryptprimitives.dll', 'ProcessPrng', 'advapi32.SystemFunction036'),
  );
  return { ...run(), bcryptShim: true, first };
}
