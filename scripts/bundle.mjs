// Bundles each entry point with @vercel/ncc into dist/<name>/index.js (actions run from dist/).
import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';

const entries = {
  setup: 'src/actions/setup.ts',
  post: 'src/actions/post.ts',
  cli: 'src/cli/main.ts',
  gates: 'src/actions/gates.ts',
  coverage: 'src/actions/coverage.ts',
  // The process the GitHub cache backend saves in; found as ../cache-save/ from the others.
  'cache-save': 'src/actions/cache-save.ts',
};

const only = process.argv.slice(2);
for (const [name, entry] of Object.entries(entries)) {
  if (only.length > 0 && !only.includes(name)) continue;
  const out = `dist/${name}`;
  rmSync(out, { recursive: true, force: true });
  execFileSync(
    process.execPath,
    [
      'node_modules/@vercel/ncc/dist/ncc/cli.js',
      'build',
      entry,
      '-o',
      out,
      '--license',
      'licenses.txt',
      '--quiet',
    ],
    { stdio: 'inherit' },
  );
}
