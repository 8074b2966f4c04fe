/**
 * go-download-source: proxy, end to end on the built dist/: the golang.org/toolchain module
 * from the machine's real Go module proxy, proven against the real Go checksum database;
 * and a loopback proxy in front of it that tampers with the zip.
 */
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import * as http from 'node:http';
import * as path from 'node:path';
import { node24 } from '../../test-support/node24.mjs';
import { applyJobEnv, newJob, runStep } from '../../test-support/runner.mjs';
import { goProxy, toolchainModuleZip } from '../../test-support/toolchain.mjs';

jest.setTimeout(300_000);

const VERSION = '1.22.5';
const MODULE_VERSION = `v0.0.1-go${VERSION}.linux-amd64`;
let node: string;
let realProxy: string;
let tamperer: { url: string; close(): Promise<void> };

/** A loopback module proxy: the toolchain zip with one byte flipped, /sumdb/ passed through. */
async function startTamperingProxy(zip: string, upstream: string) {
  const server = http.createServer(async (req, res) => {
    const url = req.url ?? '/';
    if (url.startsWith('/sumdb/')) {
      const answer = await fetch(upstream + url);
      res.writeHead(answer.status, { 'content-type': 'text/plain' });
      res.end(Buffer.from(await answer.arrayBuffer()));
      return;
    }
    if (url === '/golang.org/toolchain/@v/list') {
      res.end(`${MODULE_VERSION}\n`);
      return;
    }
    if (url === `/golang.org/toolchain/@v/${MODULE_VERSION}.zip`) {
      const bytes = readFileSync(zip);
      // A byte inside the stored bin/go data: the zip still opens, the tree hash changes.
      const at = bytes.indexOf(Buffer.from('bin/go')) + 4096;
      bytes[at] = bytes[at]! ^ 0xff;
      res.end(bytes);
      return;
    }
    res.writeHead(404).end('not found');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

beforeAll(async () => {
  node = node24();
  realProxy = goProxy().split(/[,|]/)[0]!;
  const { zip } = toolchainModuleZip(VERSION);
  tamperer = await startTamperingProxy(zip, realProxy);
});

afterAll(() => tamperer.close());

describe('setup action, go-download-source: proxy', () => {
  it('installs go1.22.5 proven by the checksum database and runs it', async () => {
    const job = newJob();
    const r = await runStep(job, {
      bundle: 'dist/setup/index.js',
      node,
      inputs: {
        'go-version': VERSION,
        'go-download-source': 'proxy',
        goproxy: goProxy(),
        'health-check': 'quick',
      },
    });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.outputs['go-version']).toBe(VERSION);
    const record = JSON.parse(r.outputs['verification']!);
    expect(record.source).toBe('proxy');
    expect(record.checksumDatabase.database).toBe('sum.golang.org');
    expect(record.checksumDatabase.module).toBe(`golang.org/toolchain@${MODULE_VERSION}`);
    expect(record.checksumDatabase.h1).toMatch(/^h1:[A-Za-z0-9+/]{43}=$/);
    expect(record.checksumDatabase.treeSize).toBeGreaterThan(28_905_453);
    expect(r.summary).toContain('Go checksum database');

    const env = { ...process.env, ...applyJobEnv(job) };
    expect(execFileSync('go', ['version'], { env, encoding: 'utf8' })).toBe(
      `go version go${VERSION} linux/amd64\n`,
    );
    // The last verified tree head is kept so a later run can detect a forked log.
    expect(existsSync(path.join(job.toolCache, 'go', '.sumdb'))).toBe(true);
  });

  it('refuses a zip whose files do not match the database, and installs nothing', async () => {
    const job = newJob();
    const r = await runStep(job, {
      bundle: 'dist/setup/index.js',
      node,
      inputs: {
        'go-version': VERSION,
        'go-download-source': 'proxy',
        goproxy: tamperer.url,
        'health-check': 'quick',
      },
    });
    expect(r.code).toBe(1);
    expect(r.errors.join('\n')).toMatch(/h1/);
    const dir = path.join(job.toolCache, 'go', VERSION);
    const left = existsSync(dir) ? readdirSync(dir).filter((n) => !n.endsWith('.lock')) : [];
    expect(left).toEqual([]);
    expect(r.addedPath).toEqual([]);
  });

  it('fails clearly when GOPROXY is off', async () => {
    const job = newJob();
    const r = await runStep(job, {
      bundle: 'dist/setup/index.js',
      node,
      inputs: { 'go-version': VERSION, 'go-download-source': 'proxy', goproxy: 'off' },
    });
    expect(r.code).toBe(1);
    expect(r.errors.join('\n')).toMatch(/off/);
  });
});
