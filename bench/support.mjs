// What several benchmarks share: the project's TypeScript modules loaded without a build,
// and the module cache of bench/fixtures/modcache.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import ts from 'typescript';
import { testCacheDir } from '../test-support/cache.mjs';

export const repo = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
export const MODCACHE_FIXTURE = path.join(repo, 'bench', 'fixtures', 'modcache');

/**
 * Transpiles a module of the project and the relative imports it reaches (no type check)
 * into .bench/<name>/; returns the URL to import.
 */
export function transpile(entry, name) {
  const out = path.join(repo, '.bench', name);
  const seen = new Set();
  const visit = (file) => {
    if (seen.has(file)) return;
    seen.add(file);
    const source = readFileSync(file, 'utf8');
    const js = ts.transpileModule(source, {
      fileName: file,
      compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
    }).outputText;
    const target = path.join(out, path.relative(repo, file)).replace(/\.ts$/, '.js');
    mkdirSync(path.dirname(target), { recursive: true });
    writeFileSync(target, js);
    for (const [, spec] of source.matchAll(/from '(\.{1,2}\/[^']+)\.js'/g))
      visit(path.resolve(path.dirname(file), `${spec}.ts`));
  };
  visit(path.join(repo, entry));
  return pathToFileURL(path.join(out, entry.replace(/\.ts$/, '.js'))).href;
}

/**
 * The module cache of bench/fixtures/modcache (docker, grpc, client-go, prometheus and what
 * they need: ~410 MB, ~20k files), downloaded once through the module proxy into the test
 * cache; or `given`, a directory named on the command line.
 */
export function benchModCache(given) {
  if (given) return path.resolve(given);
  const dir = testCacheDir('bench-modcache');
  if (!existsSync(path.join(dir, 'cache', 'download'))) {
    console.error(`downloading the modules of ${MODCACHE_FIXTURE} into ${dir} (once)`);
    execFileSync('go', ['mod', 'download', 'all'], {
      cwd: MODCACHE_FIXTURE,
      stdio: 'inherit',
      env: { ...process.env, GOMODCACHE: dir, GOFLAGS: '-mod=mod', GOTOOLCHAIN: 'local' },
    });
  }
  return dir;
}
