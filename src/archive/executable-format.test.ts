import { describe, expect, it } from '@jest/globals';
import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import { elfHeader, machoHeader, peHeader } from '../../test-support/executable-headers.mjs';
import { run } from '../process.js';
import {
  describeFormat,
  executableFormat,
  formatForOs,
  HEADER_BYTES,
} from './executable-format.js';

describe('executableFormat', () => {
  it.each([
    ['ELF x86-64', elfHeader(62), { format: 'elf', arch: 'amd64' }],
    ['ELF AArch64', elfHeader(183), { format: 'elf', arch: 'arm64' }],
    ['ELF i386', elfHeader(3, false, true), { format: 'elf', arch: '386' }],
    ['ELF ARM', elfHeader(40, false, true), { format: 'elf', arch: 'arm' }],
    ['ELF s390x (big-endian)', elfHeader(22, true), { format: 'elf', arch: 's390x' }],
    ['ELF POWER little-endian', elfHeader(21), { format: 'elf', arch: 'ppc64le' }],
    ['ELF POWER big-endian', elfHeader(21, true), { format: 'elf', arch: 'ppc64' }],
    ['ELF MIPS 32 LE', elfHeader(8, false, true), { format: 'elf', arch: 'mipsle' }],
    ['ELF MIPS 64 BE', elfHeader(8, true), { format: 'elf', arch: 'mips64' }],
    ['ELF RISC-V', elfHeader(243), { format: 'elf', arch: 'riscv64' }],
    ['ELF LoongArch', elfHeader(258), { format: 'elf', arch: 'loong64' }],
    ['ELF unknown machine', elfHeader(999), { format: 'elf', arch: 'unknown (999)' }],
    ['Mach-O x86-64', machoHeader(0x01000007), { format: 'mach-o', arch: 'amd64' }],
    ['Mach-O arm64', machoHeader(0x0100000c), { format: 'mach-o', arch: 'arm64' }],
    ['PE x86-64', peHeader(0x8664), { format: 'pe', arch: 'amd64' }],
    ['PE ARM64', peHeader(0xaa64), { format: 'pe', arch: 'arm64' }],
    ['PE i386, header far in', peHeader(0x14c, 0x400), { format: 'pe', arch: '386' }],
  ])('reads %s', (_label, header, expected) => {
    expect(executableFormat(header)).toEqual(expected);
  });

  it.each([
    ['an empty file', Buffer.alloc(0)],
    ['a shell script', Buffer.from('#!/bin/sh\necho go version\n')],
    ['a truncated ELF header', elfHeader(62).subarray(0, 12)],
    ['an MZ stub whose PE offset points past the bytes read', peHeader(0x8664, 8000)],
    ['an MZ stub without a PE signature', Buffer.concat([Buffer.from('MZ'), Buffer.alloc(200)])],
  ])('recognises no format in %s', (_label, header) => {
    const bytes = header.subarray(0, HEADER_BYTES);
    expect(executableFormat(bytes)).toBeUndefined();
    expect(describeFormat(executableFormat(bytes))).toBe(
      'not an executable (no ELF, Mach-O or PE header)',
    );
  });

  it('reads the real go binary of this machine', async () => {
    const goroot = (await run('go', ['env', 'GOROOT'])).stdout.trim();
    const goarch = (await run('go', ['env', 'GOARCH'])).stdout.trim();
    const bytes = await readFile(path.join(goroot, 'bin', 'go'));
    expect(executableFormat(bytes.subarray(0, HEADER_BYTES))).toEqual({
      format: 'elf',
      arch: goarch,
    });
  });

  it('names the format each GOOS uses', () => {
    expect(['linux', 'freebsd', 'windows', 'darwin', 'ios'].map(formatForOs)).toEqual([
      'elf',
      'elf',
      'pe',
      'mach-o',
      'mach-o',
    ]);
    expect(describeFormat({ format: 'mach-o', arch: 'arm64' })).toBe('Mach-O arm64');
  });
});
