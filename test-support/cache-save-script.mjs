// The GitHub cache backend's save process for unit tests, which run the sources: its entry
// (src/actions/cache-save.ts, bundled as dist/cache-save/index.js for the actions) transpiled
// into `dir`, beside a link to the repository's node_modules so that its one import,
// @actions/cache, resolves as it does for the sources.
import { mkdir, readFile, symlink, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export async function cacheSaveScript(dir) {
  await mkdir(dir, { recursive: true });
  const source = await readFile(path.join(repo, 'src', 'actions', 'cache-save.ts'), 'utf8');
  const { outputText } = ts.transpileModule(source, {
    compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
  });
  const script = path.join(dir, 'cache-save.mjs');
  await writeFile(script, outputText);
  await symlink(path.join(repo, 'node_modules'), path.join(dir, 'node_modules'), 'junction');
  return script;
}
