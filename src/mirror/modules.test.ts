import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdir, mkdtemp, readFile, rm, unlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { testCacheDir } from '../../test-support/cache.mjs';
import { InputError, VerificationError } from '../errors.js';
import { machineProxyUrl } from '../../test-support/offline.mjs';
import { streamLogger } from '../log.js';
import { buildBundle } from './build.js';
import { checkBundle } from './check.js';
import { MANIFEST, parseManifest } from './layout.js';
import { goModRequires, parseGoSum, parseGoWorkUses, readModuleSet } from './module-set.js';
import { downloadedVersions, unescapePath } from './tool-graph.js';

const SYNC = 'golang.org/x/sync v0.18.0 h1:kr88TuHDroi+UVf+0hZnirlk8o8T+4MrK6mr60WkH/I=';
const SYNC_MOD = 'golang.org/x/sync v0.18.0/go.mod h1:9KTHXmSnoGruLpwFjVSX0lNNA75CykiMECbovNTZqGI=';
const CMP = 'github.com/google/go-cmp v0.7.0 h1:wk8382ETsv4JYUZwIsn6YpYiWiBsYLSJiTsyBybVuN8=';
const CMP_MOD =
  'github.com/google/go-cmp v0.7.0/go.mod h1:pXiqmnSA92OHEEa9HXL2W4E7lf9JzCmGVUdgjX3N/iU=';
/** A well-formed h1: that is no module's. */
const WRONG = 'h1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=';

describe('reading go.sum, go.mod and go.work', () => {
  it('takes zip lines and go.mod lines, keeping each hash with its line', () => {
    const set = parseGoSum(`${SYNC}\n${SYNC_MOD}\n\n${CMP_MOD}\r\n`, 'go.sum');
    expect([...set.keys()]).toEqual([
      'golang.org/x/sync@v0.18.0',
      'github.com/google/go-cmp@v0.7.0',
    ]);
    expect(set.get('golang.org/x/sync@v0.18.0')).toMatchObject({
      zip: true,
      zipClaims: [{ where: 'go.sum:1' }],
      modClaims: [{ where: 'go.sum:2' }],
    });
    expect(set.get('github.com/google/go-cmp@v0.7.0')).toMatchObject({ zip: false });
    expect(parseGoSum('example.com/m v1.2.3-pre.1+incompatible/go.mod ' + WRONG, 'x').size).toBe(1);
  });

  it.each([
    ['two fields', 'golang.org/x/sync v0.18.0', /a go.sum line is/],
    ['four fields', `${SYNC} extra`, /a go.sum line is/],
    ['a path that climbs', `golang.org/../../etc v1.0.0 ${WRONG}`, /is not a module path/],
    ['an absolute path', `/etc/passwd v1.0.0 ${WRONG}`, /is not a module path/],
    ['a path with no dot', `local/x v1.0.0 ${WRONG}`, /is not a module path/],
    ['a version that is a path', `golang.org/x/sync ../../v1 ${WRONG}`, /is not a module version/],
    ['a branch name', `golang.org/x/sync master ${WRONG}`, /is not a module version/],
    ['another hash kind', 'golang.org/x/sync v0.18.0 h2:abc=', /is not an h1: hash/],
    ['a short h1', 'golang.org/x/sync v0.18.0 h1:abc=', /is not an h1: hash/],
    ['a control character', `golang.org/x/sy\u0007nc v0.18.0 ${WRONG}`, /module path/],
  ])('refuses %s, naming the line', (_, line, message) => {
    expect(() => parseGoSum(`${SYNC}\n${line}\n`, 'go.sum')).toThrow(InputError);
    expect(() => parseGoSum(`${SYNC}\n${line}\n`, 'go.sum')).toThrow(/^go\.sum:2: /);
    expect(() => parseGoSum(line, 'go.sum')).toThrow(message);
  });

  it('reads the use directives of a go.work, with blocks, quotes and comments', () => {
    const text =
      'go 1.22\n\nuse ./a // the app\nuse (\n\t./b\n\t"./c d"\n\t// ./old\n)\nreplace x => y v1\n';
    expect(parseGoWorkUses(text, 'go.work')).toEqual(['./a', './b', './c d']);
    expect(() => parseGoWorkUses('use (\n./a\n', 'go.work')).toThrow(/not closed/);
    expect(() => parseGoWorkUses('use "unterminated\n', 'go.work')).toThrow(/quoted/);
  });

  it('knows a go.mod that requires modules', () => {
    expect(goModRequires('module m\n\ngo 1.22\n')).toBe(false);
    expect(goModRequires('module m\n// require x v1\n')).toBe(false);
    expect(goModRequires('module m\nrequire (\n\tx v1\n)\n')).toBe(true);
  });

  it('takes a go.mod as its go.sum, a go.work as go.work.sum plus each used module', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'module-set-'));
    try {
      await mkdir(path.join(dir, 'a'));
      await mkdir(path.join(dir, 'b'));
      await writeFile(path.join(dir, 'a', 'go.mod'), 'module example.com/a\nrequire x v1\n');
      await writeFile(path.join(dir, 'a', 'go.sum'), `${SYNC}\n`);
      await writeFile(path.join(dir, 'b', 'go.mod'), 'module example.com/b\n');
      await writeFile(path.join(dir, 'go.work'), 'go 1.22\nuse (\n\t./a\n\t./b\n)\n');
      await writeFile(path.join(dir, 'go.work.sum'), `${CMP_MOD}\n`);
      const set = await readModuleSet(path.join(dir, 'go.work'));
      expect([...set.keys()].sort()).toEqual([
        'github.com/google/go-cmp@v0.7.0',
        'golang.org/x/sync@v0.18.0',
      ]);
      await unlink(path.join(dir, 'a', 'go.sum'));
      await expect(readModuleSet(path.join(dir, 'a', 'go.mod'))).rejects.toThrow(
        /requires modules but has no go\.sum beside it: run go mod tidy/,
      );
      await expect(readModuleSet(path.join(dir, 'go.work'))).rejects.toThrow(/go mod tidy/);
      await expect(readModuleSet(path.join(dir, 'b', 'go.mod'))).resolves.toHaveProperty('size', 0);
      await expect(readModuleSet(path.join(dir, 'a', 'main.go'))).rejects.toThrow(
        /give a go.mod, go.work or go.sum/,
      );
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("reads a module cache's download directory as the versions it holds", async () => {
    expect(unescapePath('github.com/!burnt!sushi/toml')).toBe('github.com/BurntSushi/toml');
    const dir = await mkdtemp(path.join(os.tmpdir(), 'downloads-'));
    try {
      const v = path.join(dir, 'github.com', '!burnt!sushi', 'toml', '@v');
      await mkdir(v, { recursive: true });
      await writeFile(path.join(v, 'v1.4.0.mod'), '');
      await writeFile(path.join(v, 'v1.4.0.zip'), '');
      await writeFile(path.join(v, 'v1.3.0.mod'), '');
      await writeFile(path.join(v, 'v1.4.0.lock'), '');
      await mkdir(path.join(dir, 'sumdb', 'sum.golang.org', 'lookup'), { recursive: true });
      const set = await downloadedVersions(dir);
      expect([...set.values()].map((w) => [w.module, w.version, w.zip]).sort()).toEqual([
        ['github.com/BurntSushi/toml', 'v1.3.0', false],
        ['github.com/BurntSushi/toml', 'v1.4.0', true],
      ]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('a bundle of module versions from go.sum files, real proxy and database', () => {
  const logger = streamLogger(() => undefined);
  let scratch: string;
  let goproxy: string;

  async function sumFile(name: string, lines: readonly string[]): Promise<string> {
    const file = path.join(scratch, name);
    await writeFile(file, `${lines.join('\n')}\n`);
    return file;
  }
  const build = (out: string, moduleFiles: string[]) =>
    buildBundle({
      out,
      goVersions: [],
      platforms: [{ os: 'linux', arch: 'amd64' }],
      moduleFiles,
      goproxy,
      http: { retries: 2 },
      logger,
    });

  beforeAll(async () => {
    scratch = await mkdtemp(path.join(os.tmpdir(), 'mirror-modules-'));
    // The test cache's module downloads first (a proxy layout), then the machine's proxy.
    const downloads = path.join(testCacheDir('gomodcache'), 'cache', 'download');
    goproxy = `${pathToFileURL(downloads).href},${machineProxyUrl()}`;
  });
  afterAll(async () => {
    await rm(scratch, { recursive: true, force: true });
  });

  it('puts zips and go.mod-only versions in, re-runs add without losing any, --check proves all', async () => {
    const out = path.join(scratch, 'bundle');
    const first = await build(out, [await sumFile('one.sum', [SYNC, SYNC_MOD, CMP_MOD])]);
    expect(first.added).toEqual(['github.com/google/go-cmp@v0.7.0', 'golang.org/x/sync@v0.18.0']);
    const m1 = parseManifest(await readFile(path.join(out, MANIFEST), 'utf8'), MANIFEST);
    expect(m1.modules.map((m) => [m.module, m.zip])).toEqual([
      ['github.com/google/go-cmp', false],
      ['golang.org/x/sync', true],
    ]);
    expect(m1.files).toHaveProperty(['github.com/google/go-cmp/@v/v0.7.0.mod']);
    expect(m1.files).not.toHaveProperty(['github.com/google/go-cmp/@v/v0.7.0.zip']);
    expect(m1.files).toHaveProperty(['golang.org/x/sync/@v/v0.18.0.zip']);
    expect(await readFile(path.join(out, 'golang.org/x/sync/@v/list'), 'utf8')).toBe('v0.18.0\n');

    // The second run wants go-cmp's zip too: it is added, x/sync kept.
    const second = await build(out, [await sumFile('two.sum', [CMP, CMP_MOD])]);
    expect(second.added).toEqual(['github.com/google/go-cmp@v0.7.0']);
    expect(second.kept).toEqual(['github.com/google/go-cmp@v0.7.0', 'golang.org/x/sync@v0.18.0']);
    const m2 = parseManifest(await readFile(path.join(out, MANIFEST), 'utf8'), MANIFEST);
    expect(m2.modules.map((m) => [m.module, m.zip])).toEqual([
      ['github.com/google/go-cmp', true],
      ['golang.org/x/sync', true],
    ]);
    const report = await checkBundle(out);
    expect(report.problems).toEqual([]);
    expect(report.modules).toBe(2);

    // A flipped byte in a module zip (its manifest hash left alone) is named by --check.
    const zip = path.join(out, 'golang.org/x/sync/@v/v0.18.0.zip');
    const bytes = await readFile(zip);
    bytes[Math.floor(bytes.length / 2)]! ^= 0x01;
    await writeFile(zip, bytes);
    const bad = await checkBundle(out);
    expect(bad.ok).toBe(false);
    expect(bad.problems.join('\n')).toMatch(/golang\.org\/x\/sync\/@v\/v0\.18\.0\.zip: SHA-256/);
    // …and its h1 no longer is the database's (or it no longer even unpacks).
    expect(
      bad.problems.filter((p) => p.startsWith('golang.org/x/sync/@v/v0.18.0.zip: ')),
    ).toHaveLength(2);
  }, 300_000);

  it('refuses a go.sum line whose h1 is not the database record, naming the line', async () => {
    const lying = await sumFile('lying.sum', [SYNC_MOD, `golang.org/x/sync v0.18.0 ${WRONG}`]);
    const out = path.join(scratch, 'refused');
    const err = await build(out, [lying]).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(VerificationError);
    expect(String(err)).toContain(`h1 of golang.org/x/sync@v0.18.0 in ${lying}:2`);
    expect(String(err)).toContain('h1:kr88TuHDroi+UVf+0hZnirlk8o8T+4MrK6mr60WkH/I=');
    await expect(readFile(path.join(out, 'golang.org/x/sync/@v/v0.18.0.zip'))).rejects.toThrow();
    // A go.mod line that lies about a version the bundle holds already is refused too.
    const kept = path.join(scratch, 'bundle');
    const modLie = await sumFile('modlie.sum', [`golang.org/x/sync v0.18.0/go.mod ${WRONG}`]);
    await expect(build(kept, [modLie])).rejects.toThrow(`${modLie}:1`);
  }, 300_000);
});
