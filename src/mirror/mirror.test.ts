import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { generateKeyPairSync } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm, unlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { CUT_ENV, machineProxyUrl, withoutNetwork } from '../../test-support/offline.mjs';
import { toolchainModuleZip } from '../../test-support/toolchain.mjs';
import { runCli } from '../cli/cli.js';
import { VerificationError } from '../errors.js';
import { installFromProxy } from '../go/proxy-source.js';
import { streamLogger } from '../log.js';
import { TreeForkError } from '../verify/sumdb/client.js';
import { hashGoMod } from '../verify/sumdb/dirhash.js';
import { signNote } from '../verify/sumdb/note.js';
import { FakeLog } from '../verify/sumdb/test-log.js';
import { buildBundle, type BuildResult } from './build.js';
import { checkBundle } from './check.js';
import { MANIFEST, parseManifest, serializeManifest, sha256File } from './layout.js';

const V1225 = 'v0.0.1-go1.22.5.linux-amd64';
const H1_1225 = 'h1:LQChnsjY/4sr12W+7pci1Qg1+X/n7vmLOOaq2aTBG0w=';
const ZIP = `golang.org/toolchain/@v/${V1225}.zip`;
const LOOKUP = `sumdb/sum.golang.org/lookup/golang.org/toolchain@${V1225}`;
const LATEST = 'sumdb/sum.golang.org/latest';

const logs: string[] = [];
const logger = streamLogger((line) => logs.push(line));
let scratch: string;
let bundle: string;
let goproxy: string;
let built: BuildResult;

beforeAll(async () => {
  scratch = await mkdtemp(path.join(os.tmpdir(), 'mirror-test-'));
  bundle = path.join(scratch, 'bundle');
  // The zip the test cache already holds is read from there (its download directory is a
  // module proxy layout); the checksum database is the real one, through the real proxy.
  const { zip } = toolchainModuleZip('1.22.5', 'linux', 'amd64');
  const downloads = path.resolve(path.dirname(zip), '..', '..', '..');
  goproxy = `${pathToFileURL(downloads).href},${machineProxyUrl()}`;
  built = await buildBundle({
    out: bundle,
    goVersions: ['1.22.5'],
    platforms: [{ os: 'linux', arch: 'amd64' }],
    goproxy,
    http: { retries: 2 },
    logger,
  });
  // Files are replaced by rename, never rewritten: this copy keeps the first tree's bundle.
  execFileSync('cp', ['-al', bundle, path.join(scratch, 'first-tree')]);
}, 300_000);

afterAll(async () => {
  await rm(scratch, { recursive: true, force: true });
});

/** A copy of the bundle whose files share storage until `replace` writes one anew. */
async function hostileCopy(name: string): Promise<string> {
  const dir = path.join(scratch, name);
  execFileSync('cp', ['-al', bundle, dir]);
  return dir;
}
async function replace(dir: string, rel: string, data: Buffer | string): Promise<void> {
  const file = path.join(dir, rel);
  await unlink(file);
  await writeFile(file, data);
}
/** Rewrites the manifest so that its file hashes match the files as they now are. */
async function rehash(dir: string, rels: readonly string[]): Promise<void> {
  const m = parseManifest(await readFile(path.join(dir, MANIFEST), 'utf8'), MANIFEST);
  const files = { ...m.files };
  for (const rel of rels) files[rel] = await sha256File(path.join(dir, rel));
  await replace(dir, MANIFEST, serializeManifest({ ...m, files }));
}
async function flipByte(dir: string, rel: string, at: (size: number) => number): Promise<void> {
  const data = await readFile(path.join(dir, rel));
  const i = at(data.length);
  data[i] = (data[i] as number) ^ 0x01;
  await replace(dir, rel, data);
}

describe('mirror bundle', () => {
  it('holds the toolchain module and the proofs of sum.golang.org', async () => {
    expect(built.added).toEqual([`golang.org/toolchain@${V1225}`]);
    const m = parseManifest(await readFile(path.join(bundle, MANIFEST), 'utf8'), MANIFEST);
    expect(m.modules).toHaveLength(1);
    expect(m.modules[0]).toMatchObject({
      module: 'golang.org/toolchain',
      version: V1225,
      h1: H1_1225,
    });
    expect(m.tree.size).toBeGreaterThan(m.modules[0]!.recordId);
    expect(Object.keys(m.files)).toEqual(
      expect.arrayContaining([
        'golang.org/toolchain/@v/list',
        `golang.org/toolchain/@v/${V1225}.info`,
        `golang.org/toolchain/@v/${V1225}.mod`,
        ZIP,
        LATEST,
        LOOKUP,
        'sumdb/sum.golang.org/supported',
      ]),
    );
    expect(Object.keys(m.files).some((f) => f.startsWith('sumdb/sum.golang.org/tile/8/'))).toBe(
      true,
    );
    expect(await readFile(path.join(bundle, 'golang.org/toolchain/@v/list'), 'utf8')).toBe(
      `${V1225}\n`,
    );
  });

  it('checks offline, with every proxy variable at a dead port', async () => {
    const report = await withoutNetwork(() => checkBundle(bundle));
    expect(report.problems).toEqual([]);
    expect(report).toMatchObject({ ok: true, modules: 1, tree: built.tree });
  });

  it('setup-go-verified mirror --check says what it proved, or exits 1 naming each problem', async () => {
    const run = async (dir: string) => {
      let stdout = '';
      const code = await withoutNetwork(() =>
        runCli(
          ['mirror', '--check', dir],
          {
            stdout: (t) => (stdout += t),
            stderr: () => undefined,
            env: { PATH: process.env['PATH'] },
            cwd: scratch,
          },
          '0.0.0',
        ),
      );
      return { code, stdout };
    };
    expect(await run(bundle)).toEqual({
      code: 0,
      stdout: expect.stringMatching(
        /: 1 module versions proven in tree \d+, \d+ files match the manifest\n$/,
      ),
    });
    const dir = await hostileCopy('cli-lookup');
    await unlink(path.join(dir, LOOKUP));
    const bad = await run(dir);
    expect(bad.code).toBe(1);
    expect(bad.stdout).toContain(`is not sound:\n  ${LOOKUP}: listed in the manifest but missing`);
  });

  it('is read by the go command as GOPROXY=file:// with GOSUMDB on and no network', () => {
    const home = path.join(scratch, 'gohome');
    const env: NodeJS.ProcessEnv = {
      PATH: process.env['PATH'],
      HOME: home,
      GOPATH: path.join(home, 'gopath'),
      GOMODCACHE: path.join(home, 'modcache'),
      GOCACHE: path.join(home, 'cache'),
      GOPROXY: pathToFileURL(bundle).href,
      GOSUMDB: 'sum.golang.org',
      GOFLAGS: '-modcacherw',
      GOTOOLCHAIN: 'local',
      GONOSUMDB: '',
      GOPRIVATE: '',
      ...CUT_ENV,
    };
    const out = execFileSync('go', ['mod', 'download', '-json', `golang.org/toolchain@${V1225}`], {
      cwd: scratch,
      env,
      encoding: 'utf8',
    });
    expect(JSON.parse(out)).toMatchObject({ Version: V1225, Sum: H1_1225 });
  }, 120_000);

  it('adds to itself: a re-run keeps what it holds and proves it in the current tree', async () => {
    const again = await buildBundle({
      out: bundle,
      goVersions: ['1.22.5'],
      platforms: [{ os: 'linux', arch: 'amd64' }],
      goproxy,
      http: { retries: 2 },
      logger,
    });
    expect(again.added).toEqual([]);
    expect(again.kept).toEqual([`golang.org/toolchain@${V1225}`]);
    expect(again.tree.size).toBeGreaterThanOrEqual(built.tree.size);
    expect((await withoutNetwork(() => checkBundle(bundle))).problems).toEqual([]);
  }, 300_000);

  it('refuses a re-run whose stored tree head was signed by another key', async () => {
    const dir = await hostileCopy('rerun-forged-head');
    const note = await readFile(path.join(dir, LATEST), 'utf8');
    await replace(dir, LATEST, forgedNote(note));
    await expect(
      buildBundle({
        out: dir,
        goVersions: ['1.22.5'],
        platforms: [{ os: 'linux', arch: 'amd64' }],
        goproxy,
        http: { retries: 2 },
        logger,
      }),
    ).rejects.toThrow(/signature|verif/i);
  }, 120_000);
});

/** The same tree text, signed by a key that claims the name sum.golang.org. */
function forgedNote(note: string): string {
  const text = note.slice(0, note.indexOf('\n\n') + 1);
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  const raw = publicKey.export({ format: 'der', type: 'spki' }).subarray(-32);
  return signNote(text, { name: 'sum.golang.org', publicKey: raw, privateKey });
}

describe('mirror --check refuses hostile bundles', () => {
  const problemsOf = async (dir: string) =>
    (await withoutNetwork(() => checkBundle(dir))).problems.join('\n');

  it('a flipped byte in the toolchain zip (manifest updated to match)', async () => {
    const dir = await hostileCopy('zip');
    await flipByte(dir, ZIP, (n) => Math.floor(n / 2));
    await rehash(dir, [ZIP]);
    const report = await withoutNetwork(() => checkBundle(dir));
    expect(report.ok).toBe(false);
    // Only the proof can catch it: the manifest agrees with the flipped file.
    expect(report.problems).toEqual([expect.stringMatching(new RegExp(`^${ZIP}: `))]);
  });

  it('a flipped byte in a tile (manifest updated to match)', async () => {
    const dir = await hostileCopy('tile');
    const m = parseManifest(await readFile(path.join(dir, MANIFEST), 'utf8'), MANIFEST);
    const tiles = Object.keys(m.files).filter((f) => f.includes('/tile/'));
    for (const tile of tiles) await flipByte(dir, tile, () => 0);
    await rehash(dir, tiles);
    expect(await problemsOf(dir)).toMatch(
      /golang\.org\/toolchain@v0\.0\.1-go1\.22\.5\.linux-amd64: .*(inclusion proof|leaf hash|root)/,
    );
  });

  it('a tree note signed by another key', async () => {
    const dir = await hostileCopy('note');
    const note = await readFile(path.join(dir, LATEST), 'utf8');
    await replace(dir, LATEST, forgedNote(note));
    await rehash(dir, [LATEST]);
    expect(await problemsOf(dir)).toMatch(/sumdb\/sum\.golang\.org\/latest: .*(signature|verif)/i);
  });

  it('a missing lookup', async () => {
    const dir = await hostileCopy('lookup');
    await unlink(path.join(dir, LOOKUP));
    const problems = await problemsOf(dir);
    expect(problems).toContain(`${LOOKUP}: listed in the manifest but missing from the bundle`);
    expect(problems).toMatch(/checksum database lookup .* is missing/);
  });

  it('a manifest that lies about a hash, an h1 and a file it does not list', async () => {
    const dir = await hostileCopy('manifest');
    const m = parseManifest(await readFile(path.join(dir, MANIFEST), 'utf8'), MANIFEST);
    const files = { ...m.files, [`golang.org/toolchain/@v/${V1225}.mod`]: '0'.repeat(64) };
    const modules = m.modules.map((x) => ({
      ...x,
      h1: 'h1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=',
    }));
    await replace(dir, MANIFEST, serializeManifest({ ...m, files, modules }));
    await writeFile(path.join(dir, 'extra.txt'), 'not listed\n');
    const problems = await problemsOf(dir);
    expect(problems).toContain(`golang.org/toolchain/@v/${V1225}.mod: SHA-256`);
    expect(problems).toContain('the manifest says record');
    expect(problems).toContain('extra.txt: in the bundle but not in the manifest');
  });

  it('a manifest that is not one', async () => {
    const dir = await hostileCopy('not-json');
    await replace(dir, MANIFEST, '{"schema": 1');
    const report = await checkBundle(dir);
    expect(report.ok).toBe(false);
    expect(report.problems[0]).toMatch(/manifest\.json: .*not JSON/);
  });
});

describe('the proxy source installs from a bundle through file://, offline', () => {
  let n = 0;
  const install = (from: string, stateDir: string) =>
    withoutNetwork(() =>
      installFromProxy({
        goproxy: pathToFileURL(from).href,
        tag: 'go1.22.5',
        os: 'linux',
        arch: 'amd64',
        destDir: path.join(scratch, `goroot-${n++}`, 'go'),
        sumdbStateDir: stateDir,
        http: { retries: 0 },
        logger,
      }),
    );

  it('proves go1.22.5 from the bundle alone, the record naming the bundle', async () => {
    const done = await install(bundle, path.join(scratch, 'state-fresh'));
    expect(done.sumdb.h1).toBe(H1_1225);
    expect(done.sumdb.url).toBe(
      `${pathToFileURL(bundle).href}/sumdb/sum.golang.org/${LOOKUP.slice('sumdb/sum.golang.org/'.length)}`,
    );
    expect(done.lookup.consistency).toBe('first-seen');
    expect(done.lookup.bundle).toEqual({
      url: pathToFileURL(bundle).href,
      fetchedAt: parseManifest(await readFile(path.join(bundle, MANIFEST), 'utf8'), MANIFEST).tree
        .fetchedAt,
    });
    expect(Date.now() - Date.parse(done.lookup.bundle!.fetchedAt!)).toBeLessThan(3_600_000);
  }, 120_000);

  it('checks the bundle against the tree head the runner saw last, or says it could not', async () => {
    const older = path.join(scratch, 'first-tree');
    const olderNote = await readFile(path.join(older, LATEST), 'utf8');
    const newerNote = await readFile(path.join(bundle, LATEST), 'utf8');
    const state = path.join(scratch, 'state-newer');
    await mkdir(path.join(state, 'sum.golang.org'), { recursive: true });
    await writeFile(path.join(state, 'sum.golang.org', 'latest'), newerNote);
    const done = await install(older, state);
    expect(done.sumdb.h1).toBe(H1_1225);
    if (olderNote === newerNote) expect(done.lookup.consistency).toBe('same-tree');
    else {
      expect(['unchecked', 'known-extends']).toContain(done.lookup.consistency);
      if (done.lookup.consistency === 'unchecked') {
        expect(done.lookup.consistencyNote).toMatch(
          /the tiles to prove them consistent are not kept/,
        );
      }
    }
    // The runner's head is kept, not replaced by the bundle's older one.
    expect(await readFile(path.join(state, 'sum.golang.org', 'latest'), 'utf8')).toBe(newerNote);
  }, 120_000);

  it('reads a served bundle (http) the same way: its own tiles, its manifest’s date', async () => {
    const served = await serveDir(path.join(scratch, 'first-tree'));
    try {
      const state = path.join(scratch, 'state-served');
      await mkdir(path.join(state, 'sum.golang.org'), { recursive: true });
      const newerNote = await readFile(path.join(bundle, LATEST), 'utf8');
      await writeFile(path.join(state, 'sum.golang.org', 'latest'), newerNote);
      const done = await withoutNetwork(() =>
        installFromProxy({
          goproxy: served.url,
          tag: 'go1.22.5',
          os: 'linux',
          arch: 'amd64',
          destDir: path.join(scratch, `goroot-${n++}`, 'go'),
          sumdbStateDir: state,
          http: { retries: 0 },
          logger,
        }),
      );
      expect(done.sumdb.h1).toBe(H1_1225);
      expect(done.lookup.bundle?.url).toBe(served.url);
      expect(done.lookup.bundle?.fetchedAt).toEqual(expect.any(String));
      expect(['same-tree', 'known-extends', 'unchecked']).toContain(done.lookup.consistency);
      expect(served.paths).toContain('/manifest.json');
    } finally {
      await served.close();
    }
  }, 120_000);

  it('setup-go-verified install --go-download-source proxy --goproxy file://BUNDLE installs and runs it', async () => {
    const home = path.join(scratch, 'install-home');
    let stdout = '';
    let stderr = '';
    const code = await runCli(
      [
        'install',
        '--go-version',
        '1.22.5',
        '--go-download-source',
        'proxy',
        '--goproxy',
        pathToFileURL(bundle).href,
        '--tool-cache',
        path.join(home, 'tool-cache'),
        '--health-check',
        'quick',
        '--json',
      ],
      {
        stdout: (t) => (stdout += t),
        stderr: (t) => (stderr += t),
        env: {
          PATH: process.env['PATH'],
          HOME: home,
          ...CUT_ENV,
        },
        cwd: scratch,
      },
      '0.0.0',
    );
    expect({ code, stderr: code === 0 ? '' : stderr }).toEqual({ code: 0, stderr: '' });
    const result = JSON.parse(stdout);
    expect(result.goVersion).toBe('1.22.5');
    expect(result.verification.source).toBe('proxy');
    expect(result.verification.checksumDatabase).toMatchObject({
      database: 'sum.golang.org',
      h1: H1_1225,
      url: expect.stringMatching(/^file:/),
    });
    const go = path.join(result.goRoot, 'bin', 'go');
    expect(
      execFileSync(go, ['version'], {
        encoding: 'utf8',
        env: { PATH: process.env['PATH'], GOTOOLCHAIN: 'local', HOME: home },
      }),
    ).toBe('go version go1.22.5 linux/amd64\n');
  }, 180_000);

  it('refuses a bundle whose zip has a flipped byte', async () => {
    const dir = await hostileCopy('install-zip');
    await flipByte(dir, ZIP, (n) => Math.floor(n / 3));
    const err = await install(dir, path.join(scratch, 'state-zip')).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(VerificationError);
    expect((err as Error).message).toMatch(
      /h1 of golang\.org\/toolchain@v0\.0\.1-go1\.22\.5\.linux-amd64|cannot be unpacked/,
    );
  }, 120_000);

  it('refuses a bundle whose tree note is signed by another key', async () => {
    const dir = await hostileCopy('install-note');
    const answer = await readFile(path.join(dir, LOOKUP), 'utf8');
    const cut = answer.indexOf('\n\n') + 2;
    await replace(dir, LOOKUP, answer.slice(0, cut) + forgedNote(answer.slice(cut)));
    await expect(install(dir, path.join(scratch, 'state-note'))).rejects.toThrow(
      /signers of the note/,
    );
  }, 120_000);

  it('refuses a bundle whose tiles have a flipped byte, and one without the lookup', async () => {
    const tiles = await hostileCopy('install-tile');
    const m = parseManifest(await readFile(path.join(tiles, MANIFEST), 'utf8'), MANIFEST);
    for (const tile of Object.keys(m.files).filter((f) => f.includes('/tile/'))) {
      await flipByte(tiles, tile, () => 0);
    }
    const destDir = path.join(scratch, `goroot-${n}`, 'go');
    await expect(install(tiles, path.join(scratch, 'state-tile'))).rejects.toThrow(
      /inclusion proof|leaf hash|root/,
    );
    expect(existsSync(destDir)).toBe(false);
    const lookup = await hostileCopy('install-lookup');
    await unlink(path.join(lookup, LOOKUP));
    await expect(install(lookup, path.join(scratch, 'state-lookup'))).rejects.toThrow(
      /golang\.org\/toolchain@v0\.0\.1-go1\.22\.5\.linux-amd64/,
    );
  }, 120_000);
});

// A checksum database of our own (same protocol, a key made here), so that a tree head of
// another history under the same key, which sum.golang.org never shows, can be presented.
describe('a bundle whose tree head is inconsistent with one seen before', () => {
  const log = new FakeLog();
  let server: { url: string; close: () => Promise<void> };
  let forkedBundle: string;
  let honest: string[];
  const forkedHistory = (size: number): string[] =>
    honest.slice(0, size).map((r, i) => (i === 500 ? FakeLog.record(i, 'evil') : r));
  const build = (out: string) =>
    buildBundle({
      out,
      goVersions: ['1.22.5'],
      platforms: [{ os: 'linux', arch: 'amd64' }],
      goproxy: `${goproxy.split(',')[0]},${server.url}`,
      gosumdb: log.vkey,
      http: { retries: 0 },
      logger,
    });

  beforeAll(async () => {
    const { zip } = toolchainModuleZip('1.22.5', 'linux', 'amd64');
    const modH1 = hashGoMod(await readFile(zip.replace(/\.zip$/, '.mod')));
    log.grow(1300);
    log.records[700] = `golang.org/toolchain ${V1225} ${H1_1225}\ngolang.org/toolchain ${V1225}/go.mod ${modH1}\n`;
    honest = [...log.records];
    server = await serveLog(log);
    forkedBundle = path.join(scratch, 'test-db-bundle');
    await build(forkedBundle);
  }, 120_000);
  afterAll(async () => {
    await server.close();
  });

  it('the install refuses it: a tree of the same size with another root is a fork', async () => {
    const state = path.join(scratch, 'state-fork');
    await mkdir(path.join(state, log.name), { recursive: true });
    log.records = forkedHistory(1300);
    await writeFile(path.join(state, log.name, 'latest'), log.note(1300));
    log.records = honest;
    const destDir = path.join(scratch, 'goroot-fork', 'go');
    const err = await withoutNetwork(() =>
      installFromProxy({
        goproxy: pathToFileURL(forkedBundle).href,
        gosumdb: log.vkey,
        tag: 'go1.22.5',
        os: 'linux',
        arch: 'amd64',
        destDir,
        sumdbStateDir: state,
        http: { retries: 0 },
        logger,
      }),
    ).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TreeForkError);
    expect((err as Error).message).toMatch(
      /possible fork\. Earlier: tree 1300 root \S+ \(state file .*latest\)\. Now: tree 1300 root \S+ \(file:.*lookup\/golang\.org\/toolchain@v0\.0\.1-go1\.22\.5\.linux-amd64\)/,
    );
    expect(existsSync(destDir)).toBe(false);
  }, 120_000);

  it('a re-run refuses a database whose tree does not extend the bundle’s', async () => {
    const dir = path.join(scratch, 'test-db-rerun');
    execFileSync('cp', ['-al', forkedBundle, dir]);
    const before = await readFile(path.join(dir, MANIFEST), 'utf8');
    log.records = forkedHistory(1300);
    log.grow(1500);
    try {
      await expect(build(dir)).rejects.toThrow(
        /possible fork\. Earlier: tree 1300 .* Now: tree 1500 /,
      );
    } finally {
      log.records = honest;
    }
    // Nothing of the refused tree was written.
    expect(await readFile(path.join(dir, MANIFEST), 'utf8')).toBe(before);
    expect((await withoutNetwork(() => checkBundle(dir, { gosumdb: log.vkey }))).problems).toEqual(
      [],
    );
  }, 120_000);

  it('a rebuilt bundle carries the proof that its new tree extends the old one', async () => {
    const dir = path.join(scratch, 'test-db-grown');
    execFileSync('cp', ['-al', forkedBundle, dir]);
    log.records = [...honest];
    log.grow(1500);
    try {
      await build(dir);
    } finally {
      log.records = honest;
    }
    const m = parseManifest(await readFile(path.join(dir, MANIFEST), 'utf8'), MANIFEST);
    expect(m.tree.size).toBe(1500);
    expect(m.history).toEqual([{ size: 1300, rootHash: log.root(1300).toString('base64') }]);
    expect((await withoutNetwork(() => checkBundle(dir, { gosumdb: log.vkey }))).problems).toEqual(
      [],
    );
    // A runner whose last head is the old bundle's proves the new tree extends it, offline.
    const state = path.join(scratch, 'state-grown');
    await mkdir(path.join(state, log.name), { recursive: true });
    await writeFile(path.join(state, log.name, 'latest'), log.note(1300));
    const done = await withoutNetwork(() =>
      installFromProxy({
        goproxy: pathToFileURL(dir).href,
        gosumdb: log.vkey,
        tag: 'go1.22.5',
        os: 'linux',
        arch: 'amd64',
        destDir: path.join(scratch, 'goroot-grown', 'go'),
        sumdbStateDir: state,
        http: { retries: 0 },
        logger,
      }),
    );
    expect(done.lookup.consistency).toBe('extends-known');
    expect(done.lookup.treeSize).toBe(1500);
    // A manifest that claims another old root is caught by the check.
    const lying = path.join(scratch, 'test-db-grown-lie');
    execFileSync('cp', ['-al', dir, lying]);
    await replace(
      lying,
      MANIFEST,
      serializeManifest({
        ...m,
        history: [{ size: 1300, rootHash: log.root(1299).toString('base64') }],
      }),
    );
    const report = await withoutNetwork(() => checkBundle(lying, { gosumdb: log.vkey }));
    expect(report.problems).toEqual([
      expect.stringMatching(
        /^history: tree 1300 \S+ is not proven a prefix of tree 1500: .*possible fork/,
      ),
    ]);
  }, 120_000);
});

async function serveLog(log: FakeLog): Promise<{ url: string; close: () => Promise<void> }> {
  const server = createServer((req, res) => {
    if ((req.url ?? '').startsWith(`/sumdb/${log.name}/`)) return void log.handler(req, res);
    res.statusCode = 404; // modules come from the file:// proxy before this one
    res.end('not found');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

/** A static file server over `dir`, as a web server would serve a bundle; 404 for the rest. */
async function serveDir(
  dir: string,
): Promise<{ url: string; paths: string[]; close: () => Promise<void> }> {
  const paths: string[] = [];
  const server = createServer((req, res) => {
    const rel = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    paths.push(rel);
    readFile(path.join(dir, ...rel.split('/').filter((p) => p && p !== '..'))).then(
      (body) => res.end(body),
      () => {
        res.statusCode = 404;
        res.end('not found');
      },
    );
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    paths,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}
