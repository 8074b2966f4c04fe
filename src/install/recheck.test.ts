import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm, symlink, unlink, writeFile } from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { RECORD_SCHEMA, type VerificationRecord } from '../report/record.js';
import { recheckEntry } from './recheck.js';

// A small GOROOT: executables under bin/ and pkg/tool/, and files that are not re-checked.
const FILES: Record<string, string> = {
  'bin/go': '#!/bin/sh\necho go\n',
  'bin/gofmt': '#!/bin/sh\necho gofmt\n',
  'pkg/tool/linux_amd64/compile': 'compile binary bytes',
  'pkg/tool/linux_amd64/link': 'link binary bytes',
  'src/fmt/print.go': 'package fmt\n',
  VERSION: 'go1.22.5\n',
};
const EXECUTABLES = Object.keys(FILES).filter(
  (n) => n.startsWith('bin/') || n.startsWith('pkg/tool/'),
);

const sha256 = (s: string | Buffer) => createHash('sha256').update(s).digest('hex');

function recordFor(over: Partial<VerificationRecord['go']> = {}): VerificationRecord {
  return {
    schema: RECORD_SCHEMA,
    tool: 'setup-go-verified',
    go: { version: '1.22.5', tag: 'go1.22.5', os: 'linux', arch: 'x64', ...over },
    source: 'go.dev',
    artifacts: [
      {
        name: 'go1.22.5.linux-amd64.tar.gz',
        url: 'https://dl.google.com/go/go1.22.5.linux-amd64.tar.gz',
        size: 100,
        sha256: 'a'.repeat(64),
        sha256Source: 'https://go.dev/dl/?mode=json&include=all',
        signature: { status: 'not-published', reason: 'test' },
      },
    ],
    tree: {
      files: Object.keys(FILES).length,
      bytes: Object.values(FILES).reduce((n, s) => n + s.length, 0),
      executables: Object.fromEntries(EXECUTABLES.map((n) => [n, sha256(FILES[n]!)])),
    },
    installedAt: '2024-07-02T10:00:00.000Z',
  };
}

const EXPECT = { version: '1.22.5', arch: 'x64' };

let root: string;
beforeEach(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'recheck-'));
  for (const [name, content] of Object.entries(FILES)) {
    const file = path.join(root, ...name.split('/'));
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, content, { mode: 0o755 });
  }
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

/** The record as it comes back from disk: JSON text parsed again. */
const fromDisk = (r: unknown): unknown => JSON.parse(JSON.stringify(r));

describe('recheckEntry', () => {
  it('accepts an unchanged entry and returns its record', async () => {
    const record = recordFor();
    expect(await recheckEntry(root, fromDisk(record), EXPECT)).toEqual({ ok: true, record });
  });

  it('names an executable whose bytes changed by one bit', async () => {
    const file = path.join(root, 'pkg', 'tool', 'linux_amd64', 'compile');
    const bytes = await readFile(file);
    bytes[3] = bytes[3]! ^ 1;
    await writeFile(file, bytes);
    expect(await recheckEntry(root, fromDisk(recordFor()), EXPECT)).toEqual({
      ok: false,
      reason: 'executables differ from the install: pkg/tool/linux_amd64/compile (changed)',
    });
  });

  it('names an executable added after install', async () => {
    await writeFile(path.join(root, 'pkg', 'tool', 'linux_amd64', 'vet'), 'planted', {
      mode: 0o755,
    });
    expect(await recheckEntry(root, fromDisk(recordFor()), EXPECT)).toEqual({
      ok: false,
      reason: 'executables appeared after install: pkg/tool/linux_amd64/vet',
    });
  });

  it('names a symlink added to bin/', async () => {
    await symlink('/bin/sh', path.join(root, 'bin', 'go2'));
    const result = await recheckEntry(root, fromDisk(recordFor()), EXPECT);
    expect(result).toEqual({ ok: false, reason: 'executables appeared after install: bin/go2' });
  });

  it('names an executable planted in a new subdirectory', async () => {
    await mkdir(path.join(root, 'bin', 'linux_arm64'));
    await writeFile(path.join(root, 'bin', 'linux_arm64', 'go'), 'planted', { mode: 0o755 });
    expect(await recheckEntry(root, fromDisk(recordFor()), EXPECT)).toEqual({
      ok: false,
      reason: 'executables appeared after install: bin/linux_arm64/go',
    });
  });

  it('names a tool directory swapped for a symlink', async () => {
    const tools = path.join(root, 'pkg', 'tool', 'linux_amd64');
    await rm(tools, { recursive: true });
    await symlink(os.tmpdir(), tools);
    const result = await recheckEntry(root, fromDisk(recordFor()), EXPECT);
    expect(result).toEqual({
      ok: false,
      reason: 'executables appeared after install: pkg/tool/linux_amd64',
    });
  });

  it('names a missing executable', async () => {
    await unlink(path.join(root, 'bin', 'gofmt'));
    expect(await recheckEntry(root, fromDisk(recordFor()), EXPECT)).toEqual({
      ok: false,
      reason: 'executables differ from the install: bin/gofmt (missing)',
    });
  });

  it('does not re-hash files outside bin/ and pkg/tool/', async () => {
    await writeFile(path.join(root, 'src', 'fmt', 'print.go'), 'package fmt // edited\n');
    expect((await recheckEntry(root, fromDisk(recordFor()), EXPECT)).ok).toBe(true);
  });

  it('refuses a record for another version or architecture', async () => {
    expect(await recheckEntry(root, fromDisk(recordFor({ version: '1.22.4' })), EXPECT)).toEqual({
      ok: false,
      reason: 'its record is for 1.22.4 x64, not 1.22.5 x64',
    });
    expect(await recheckEntry(root, fromDisk(recordFor({ arch: 'arm64' })), EXPECT)).toEqual({
      ok: false,
      reason: 'its record is for 1.22.5 arm64, not 1.22.5 x64',
    });
  });

  it.each([
    ['nothing', undefined],
    ['null', null],
    ['a string', 'schema 1'],
    ['an array', [recordFor()]],
    ['another schema', { ...recordFor(), schema: 2 }],
    ['no executables', { ...recordFor(), tree: { files: 1, bytes: 1 } }],
    ['a numeric version', { ...recordFor(), go: { ...recordFor().go, version: 1.22 } }],
  ])('refuses a garbage record (%s)', async (_what, raw) => {
    expect(await recheckEntry(root, raw, EXPECT)).toEqual({
      ok: false,
      reason: 'its verification record is missing or not ours',
    });
  });
});
