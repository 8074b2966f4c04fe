// Where tests and benchmarks keep big downloads (toolchains, Node 24) between runs:
// outside the repository, so clean clones and repeated runs do not fetch them again.
import { mkdirSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export function testCacheDir(...sub) {
  const base =
    process.env.SETUP_GO_VERIFIED_TEST_CACHE ||
    path.join(
      process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache'),
      'setup-go-verified-tests',
    );
  const dir = path.join(base, ...sub);
  mkdirSync(dir, { recursive: true });
  return dir;
}
