import { describe, expect, it } from '@jest/globals';
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { Parser, type ReadEntry } from 'tar';
import { toolchainModuleZip, toolchainTarGz } from '../../../test-support/toolchain.mjs';
import { InputError } from '../../errors.js';
import { hashFiles } from '../sumdb/dirhash.js';
import { moduleEquivalentHash, type TreeFileHash } from './module-equivalent-hash.js';

const sha = (s: string): string => createHash('sha256').update(s).digest('hex');

describe('moduleEquivalentHash', () => {
  const files: TreeFileHash[] = [
    { archiveName: 'go/bin/go', sha256: sha('go') },
    { archiveName: 'go/src/go.mod', sha256: sha('module std') },
    { archiveName: 'go/VERSION', sha256: sha('go1.22.5') },
  ];

  it('equals the h1 of the module files under their module names', async () => {
    const root = 'golang.org/toolchain@v0.0.1-go1.22.5.linux-amd64';
    const expected = hashFiles([
      [`${root}/bin/go`, 'go'],
      [`${root}/src/_go.mod`, 'module std'],
      [`${root}/VERSION`, 'go1.22.5'],
    ]);
    expect(moduleEquivalentHash(files, 'go1.22.5', 'linux', 'amd64')).toBe(expected);
    // The same files by GOROOT-relative name, or as a Map, or with ./ and // in the names.
    const byName = files.map((f) => ({ name: f.archiveName!.slice(3), sha256: f.sha256 }));
    expect(moduleEquivalentHash(byName, 'go1.22.5', 'linux', 'amd64')).toBe(expected);
    const map = new Map(byName.map((f) => [f.name, f.sha256]));
    expect(moduleEquivalentHash(map, 'go1.22.5', 'linux', 'amd64')).toBe(expected);
    const odd = files.map((f) => ({ ...f, archiveName: `./${f.archiveName!.replace('/', '//')}` }));
    expect(moduleEquivalentHash(odd, 'go1.22.5', 'linux', 'amd64')).toBe(expected);
    // The version is part of every name.
    expect(moduleEquivalentHash(files, 'go1.22.5', 'linux', 'arm64')).not.toBe(expected);
  });

  it('refuses names outside go/', () => {
    expect(() =>
      moduleEquivalentHash(
        [{ archiveName: 'x/bin/go', sha256: sha('') }],
        'go1.22.5',
        'linux',
        'amd64',
      ),
    ).toThrow(/not a file under go\//);
    expect(() =>
      moduleEquivalentHash([{ archiveName: 'go', sha256: sha('') }], 'go1.22.5', 'linux', 'amd64'),
    ).toThrow(InputError);
    expect(() => moduleEquivalentHash([{ sha256: sha('') }], 'go1.22.5', 'linux', 'amd64')).toThrow(
      InputError,
    );
  });

  // A real toolchain: the module zip from the proxy (its h1 from go mod download, which checks
  // it against the checksum database) and a go.dev-style .tar.gz of the same tree.
  it('matches the checksum database for the real go1.22.5 linux-amd64 tree', async () => {
    // go mod download checked the zip against the checksum database before reporting `sum`.
    const { sum } = toolchainModuleZip('1.22.5', 'linux', 'amd64');
    expect(sum).toBe('h1:LQChnsjY/4sr12W+7pci1Qg1+X/n7vmLOOaq2aTBG0w=');

    const tree = await hashTarGz(toolchainTarGz('1.22.5', 'linux', 'amd64'));
    expect(tree.length).toBeGreaterThan(9000);
    expect(tree.some((f) => f.archiveName === 'go/src/go.mod')).toBe(true);
    expect(moduleEquivalentHash(tree, 'go1.22.5', 'linux', 'amd64')).toBe(sum);

    // The go.dev archive has api/ doc/ misc/ test/ that the module leaves out (the archive
    // built here from the module lacks them, so they are added): the hash does not move.
    const full = [
      ...tree,
      { archiveName: 'go/api/go1.22.txt', sha256: sha('api') },
      { archiveName: 'go/doc/go_spec.html', sha256: sha('spec') },
      { archiveName: 'go/misc/wasm/wasm_exec.js', sha256: sha('wasm') },
      { archiveName: 'go/misc/go.mod', sha256: sha('module misc') },
      { archiveName: 'go/test/fixedbugs/issue1.go', sha256: sha('test') },
      { archiveName: 'go/.github/SUPPORT.md', sha256: sha('support') },
    ];
    expect(moduleEquivalentHash(full, 'go1.22.5', 'linux', 'amd64')).toBe(sum);
    // Anything else counts: one more file, one changed file, go.mod under its own name.
    expect(
      moduleEquivalentHash(
        [...tree, { archiveName: 'go/lib/extra', sha256: sha('') }],
        'go1.22.5',
        'linux',
        'amd64',
      ),
    ).not.toBe(sum);
    const changed = tree.map((f) =>
      f.archiveName === 'go/VERSION' ? { ...f, sha256: sha('go1.22.6') } : f,
    );
    expect(moduleEquivalentHash(changed, 'go1.22.5', 'linux', 'amd64')).not.toBe(sum);
  });
});

/** Names and SHA-256 of the regular files of a .tar.gz, read without unpacking it. */
async function hashTarGz(file: string): Promise<TreeFileHash[]> {
  const out: TreeFileHash[] = [];
  const parser = new Parser({
    onReadEntry: (entry: ReadEntry) => {
      if (entry.type !== 'File') {
        entry.resume();
        return;
      }
      const hash = createHash('sha256');
      entry.on('data', (chunk: Buffer) => hash.update(chunk));
      entry.on('end', () => out.push({ archiveName: entry.path, sha256: hash.digest('hex') }));
    },
  });
  await pipeline(createReadStream(file, { highWaterMark: 1024 * 1024 }), parser);
  return out;
}
