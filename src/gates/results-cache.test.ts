import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Finding } from './finding.js';
import { ResultsCache, resultKey, treeFingerprint, type ResultKeyParts } from './results-cache.js';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'sgv-results-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function write(rel: string, content: string): void {
  mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
  writeFileSync(path.join(dir, rel), content);
}

describe('treeFingerprint', () => {
  it('changes with any file of the module, not with .git, node_modules or nested modules', async () => {
    write('m/go.mod', 'module m\n');
    write('m/a.go', 'package m\n');
    write('m/embed/data.txt', 'one\n');
    const first = await treeFingerprint(path.join(dir, 'm'));
    write('m/.git/HEAD', 'ref: refs/heads/main\n');
    write('m/node_modules/x/index.js', '1\n');
    write('m/nested/go.mod', 'module m/nested\n');
    write('m/nested/n.go', 'package nested\n');
    expect(await treeFingerprint(path.join(dir, 'm'))).toBe(first);
    write('m/embed/data.txt', 'two\n');
    const second = await treeFingerprint(path.join(dir, 'm'));
    expect(second).not.toBe(first);
    // A rename with the same content is a different tree too.
    rmSync(path.join(dir, 'm/a.go'));
    write('m/b.go', 'package m\n');
    expect(await treeFingerprint(path.join(dir, 'm'))).not.toBe(second);
  });
});

describe('resultKey', () => {
  const parts: ResultKeyParts = {
    gate: 'staticcheck',
    tool: 'v0.8.2 built with go1.26.11',
    goVersion: 'go1.26.11',
    trees: ['aaa'],
    settings: ['tags '],
    env: { GOOS: 'linux', PATH: '/bin' },
  };
  it('covers gate, tool, Go, trees, settings and build variables, not unrelated ones', () => {
    const k = resultKey(parts);
    expect(resultKey({ ...parts, env: { ...parts.env, PATH: '/usr/bin', HOME: '/h' } })).toBe(k);
    for (const changed of [
      { gate: 'vet' as const },
      { tool: 'v0.8.1 built with go1.26.11' },
      { goVersion: 'go1.26.10' },
      { trees: ['aab'] },
      { settings: ['tags integration'] },
      { env: { ...parts.env, GOARCH: 'arm64' } },
      { env: { ...parts.env, GOFLAGS: '-tags=x' } },
    ]) {
      expect(resultKey({ ...parts, ...changed })).not.toBe(k);
    }
    // Length-prefixed: moving a boundary between fields changes the key.
    expect(resultKey({ ...parts, trees: ['a', 'b'] })).not.toBe(
      resultKey({ ...parts, trees: ['ab'] }),
    );
  });
});

describe('ResultsCache', () => {
  const finding: Finding = {
    gate: 'vet',
    file: 'a.go',
    line: 3,
    column: 1,
    rule: 'printf',
    message: 'm',
    severity: 'error',
  };

  it('stores and returns outcomes, ignores corrupt entries, prunes unused ones', async () => {
    const cache = new ResultsCache(path.join(dir, 'results'));
    const key = 'ab'.repeat(32);
    expect(await cache.get(key)).toBeUndefined();
    await cache.put(key, { findings: [finding] });
    expect(await cache.get(key)).toEqual({ findings: [finding] });
    const file = path.join(dir, 'results', 'ab', `${key}.json`);
    writeFileSync(file, '{"format":"setup-go-verified gate results v1","outcome":{"findings":');
    expect(await cache.get(key)).toBeUndefined();
    await cache.put(key, { findings: [] });
    const old = new Date(Date.now() - 8 * 24 * 3600 * 1000);
    utimesSync(file, old, old);
    expect(await cache.prune()).toBe(1);
    expect(readdirSync(path.join(dir, 'results', 'ab'))).toEqual([]);
  });
});
