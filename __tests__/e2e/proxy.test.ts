/**
 * go-download-source: proxy, end to end on the built dist/: the golang.org/toolchain module
 * from the machine's real Go module proxy, proven against the real Go checksum database;
 * toolchains for other platforms through a loopback proxy; and a loopback proxy that
 * tampers with the zip or with the database's answers (passed through from the real one).
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import * as http from 'node:http';
import * as path from 'node:path';
import { node24 } from '../../test-support/node24.mjs';
import { applyJobEnv, newJob, runStep } from '../../test-support/runner.mjs';
import { goProxy, toolchainModuleZip } from '../../test-support/toolchain.mjs';

jest.setTimeout(300_000);

const VERSION = '1.22.5';
const MODULE_VERSION = `v0.0.1-go${VERSION}.linux-amd64`;
/** The toolchain used for the other platforms (the machine's proxy has all of them). */
const OTHER_VERSION = '1.25.14';

type Tamper = 'none' | 'zip-byte' | 'note-signature' | 'tile-bit' | 'database-down';

interface LoopbackProxy {
  url: string;
  tamper: Tamper;
  close(): Promise<void>;
}

/**
 * A loopback module proxy serving toolchain zips from the test cache, with /sumdb/ passed
 * through to the real checksum database behind the machine's GOPROXY; `tamper` spoils one
 * thing on the way.
 */
async function startLoopbackProxy(
  zips: ReadonlyMap<string, string>,
  upstream: string,
): Promise<LoopbackProxy> {
  const proxy = { tamper: 'none' } as LoopbackProxy;
  const server = http.createServer((req, res) => {
    void (async () => {
      const url = req.url ?? '/';
      if (url.startsWith('/sumdb/')) {
        if (proxy.tamper === 'database-down') return req.socket.destroy();
        const answer = await fetch(upstream + url);
        const body = Buffer.from(await answer.arrayBuffer());
        if (
          answer.status === 200 &&
          proxy.tamper === 'note-signature' &&
          url.includes('/lookup/')
        ) {
          // One bit of the note's signature: the text is intact, the signature is not.
          const sig = /\u2014 sum\.golang\.org (\S+)\n$/.exec(body.toString())![1]!;
          const raw = Buffer.from(sig, 'base64');
          raw[30] = raw[30]! ^ 0x01;
          return res.end(body.toString().replace(sig, raw.toString('base64')));
        }
        if (answer.status === 200 && proxy.tamper === 'tile-bit' && url.includes('/tile/')) {
          body[body.length >> 1] = body[body.length >> 1]! ^ 0x10;
        }
        res.writeHead(answer.status, { 'content-type': 'text/plain' });
        return res.end(body);
      }
      const prefix = '/golang.org/toolchain/@v/';
      if (url === `${prefix}list`) return res.end([...zips.keys()].join('\n') + '\n');
      const zip = url.endsWith('.zip') ? zips.get(url.slice(prefix.length, -4)) : undefined;
      if (!url.startsWith(prefix) || zip === undefined) return res.writeHead(404).end('not found');
      const bytes = readFileSync(zip);
      if (proxy.tamper === 'zip-byte') {
        // A byte inside the stored bin/go data: the zip still opens, the tree hash changes.
        const at = bytes.indexOf(Buffer.from('bin/go')) + 4096;
        bytes[at] = bytes[at]! ^ 0xff;
      }
      res.writeHead(200, { 'content-length': String(bytes.length) }).end(bytes);
    })().catch((err: unknown) => res.writeHead(599).end(String(err)));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  proxy.url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  proxy.close = () => {
    server.closeAllConnections();
    return new Promise<void>((resolve) => server.close(() => resolve()));
  };
  return proxy;
}

const PLATFORMS: [string, string, string, string, string, string][] = [
  // [GOOS, GOARCH, RUNNER_OS, architecture input, tool-cache arch, executable format]
  ['linux', 'arm64', 'Linux', 'arm64', 'arm64', 'ELF arm64'],
  ['darwin', 'arm64', 'macOS', 'arm64', 'arm64', 'Mach-O arm64'],
  ['windows', 'amd64', 'Windows', 'x64', 'x64', 'PE amd64'],
];

let node: string;
let realProxy: string;
let loopback: LoopbackProxy;
const sums = new Map<string, string>();

beforeAll(async () => {
  node = node24();
  realProxy = goProxy().split(/[,|]/)[0]!;
  const zips = new Map<string, string>();
  for (const [goos, goarch] of [['linux', 'amd64'], ...PLATFORMS]) {
    const v = goos === 'linux' && goarch === 'amd64' ? VERSION : OTHER_VERSION;
    // `go mod download` checks these against the checksum database itself: `sum` is Go's own.
    const { zip, sum, version } = toolchainModuleZip(v, goos, goarch);
    zips.set(version, zip);
    sums.set(version, sum);
  }
  loopback = await startLoopbackProxy(zips, realProxy);
});

afterAll(() => loopback.close());

beforeEach(() => {
  loopback.tamper = 'none';
});

function proxyInstall(job: ReturnType<typeof newJob>, inputs: Record<string, string> = {}) {
  return runStep(job, {
    bundle: 'dist/setup/index.js',
    node,
    inputs: {
      'go-version': VERSION,
      'go-download-source': 'proxy',
      goproxy: loopback.url,
      'health-check': 'quick',
      ...inputs,
    },
  });
}

/** Nothing of the version is left in the tool cache but its lock file. */
function expectNothingInstalled(job: ReturnType<typeof newJob>, version = VERSION) {
  const dir = path.join(job.toolCache, 'go', version);
  const left = existsSync(dir) ? readdirSync(dir).filter((n) => !n.endsWith('.lock')) : [];
  expect(left).toEqual([]);
}

describe('setup action, go-download-source: proxy', () => {
  it('installs go1.22.5 from the real module proxy, proven by the checksum database, and runs it', async () => {
    const job = newJob();
    const r = await proxyInstall(job, { goproxy: goProxy() });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.outputs['go-version']).toBe(VERSION);
    expect(r.stdout).toContain(
      `Resolved ${VERSION} to go${VERSION} (golang.org/toolchain@${MODULE_VERSION})`,
    );
    const record = JSON.parse(r.outputs['verification']!);
    expect(record.source).toBe('proxy');
    expect(record.checksumDatabase.database).toBe('sum.golang.org');
    expect(record.checksumDatabase.module).toBe(`golang.org/toolchain@${MODULE_VERSION}`);
    expect(record.checksumDatabase.h1).toBe(sums.get(MODULE_VERSION));
    expect(record.checksumDatabase.treeSize).toBeGreaterThan(28_905_453);
    expect(r.summary).toContain('Go checksum database');

    const env = { ...process.env, ...applyJobEnv(job) };
    expect(execFileSync('go', ['version'], { env, encoding: 'utf8' })).toBe(
      `go version go${VERSION} linux/amd64\n`,
    );
    // The last verified tree head is kept so a later run can detect a forked log.
    expect(existsSync(path.join(job.toolCache, 'go', '.sumdb'))).toBe(true);
  });

  it.each(PLATFORMS)(
    'installs the %s-%s toolchain with its tree and h1',
    async (goos, goarch, runnerOs, architecture, cacheArch, format) => {
      const moduleVersion = `v0.0.1-go${OTHER_VERSION}.${goos}-${goarch}`;
      const job = newJob();
      const r = await runStep(job, {
        bundle: 'dist/setup/index.js',
        node,
        inputs: {
          'go-version': OTHER_VERSION,
          'go-download-source': 'proxy',
          goproxy: loopback.url,
          architecture,
          'health-check': 'quick',
        },
        env: { RUNNER_OS: runnerOs },
      });
      expect(r.errors).toEqual([]);
      expect(r.code).toBe(0);
      expect(r.outputs['go-version']).toBe(OTHER_VERSION);
      const record = JSON.parse(r.outputs['verification']!);
      expect(record.go).toMatchObject({ tag: `go${OTHER_VERSION}`, os: goos, arch: goarch });
      expect(record.checksumDatabase.module).toBe(`golang.org/toolchain@${moduleVersion}`);
      expect(record.checksumDatabase.h1).toBe(sums.get(moduleVersion));

      const goRoot = path.join(job.toolCache, 'go', OTHER_VERSION, cacheArch);
      expect(r.outputs['go-root']).toBe(goRoot);
      const exe = goos === 'windows' ? '.exe' : '';
      const tools = [`bin/go${exe}`, `bin/gofmt${exe}`, `pkg/tool/${goos}_${goarch}/compile${exe}`];
      expect(Object.keys(record.tree.executables)).toEqual(expect.arrayContaining(tools));
      for (const tool of tools) {
        const file = path.join(goRoot, ...tool.split('/'));
        expect(statSync(file).mode & 0o111).not.toBe(0);
      }
      // Module zips store go.mod files as _go.mod; the install has them back under their name.
      expect(existsSync(path.join(goRoot, 'src', 'go.mod'))).toBe(true);
      expect(existsSync(path.join(goRoot, 'src', '_go.mod'))).toBe(false);
      // The health check cannot run these binaries here, but reads what they were built for.
      expect(r.stdout).toContain(
        `binary: executable format: ${path.join(goRoot, 'bin', `go${exe}`)}: ${format}`,
      );
    },
  );

  it.each([
    [
      'a zip with one byte changed',
      'zip-byte',
      /^h1 of golang\.org\/toolchain@v0\.0\.1-go1\.22\.5\.linux-amd64 does not match: expected h1:\S+ \(checksum database \S+, record \d+, tree \d+\), found /,
    ],
    [
      'a forged signature on the database note',
      'note-signature',
      /signature by sum\.golang\.org\+033de0ae on the note does not match/,
    ],
    [
      'a tile with one flipped bit',
      'tile-bit',
      /^inclusion proof of record \d+ \(golang\.org\/toolchain@v0\.0\.1-go1\.22\.5\.linux-amd64\) computed from the tiles does not match: expected root \S+ of the signed tree \d+, found root /,
    ],
    [
      'an unreachable checksum database',
      'database-down',
      /checksum database sum\.golang\.org is unreachable/,
    ],
  ] as [string, Tamper, RegExp][])(
    'refuses %s, names it, and installs nothing',
    async (_label, tamper, reason) => {
      loopback.tamper = tamper;
      const job = newJob();
      const r = await proxyInstall(job);
      expect(r.code).toBe(1);
      expect(r.errors.join('\n')).toMatch(reason);
      expectNothingInstalled(job);
      expect(r.addedPath).toEqual([]);
    },
  );

  it('fails clearly when GOPROXY is off', async () => {
    const job = newJob();
    const r = await proxyInstall(job, { goproxy: 'off' });
    expect(r.code).toBe(1);
    expect(r.errors.join('\n')).toMatch(/GOPROXY "off" forbids toolchain downloads/);
  });
});
