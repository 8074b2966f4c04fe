// The test command (npm test, test:unit, test:e2e): first the system tools the selected jest
// projects need (scripts/test-tools.mjs installs the missing ones as root with apt-get, or
// fails naming them), then jest with the arguments given, e.g.
//
//   npm test -- src/coverage/lcov.test.ts --selectProjects=unit
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkTestTools } from './test-tools.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);

const tools = checkTestTools(args);
if (tools !== 0) process.exit(tools);

const jest = spawnSync(
  process.execPath,
  ['--experimental-vm-modules', path.join(root, 'node_modules', 'jest', 'bin', 'jest.js'), ...args],
  { stdio: 'inherit', cwd: root },
);
if (jest.error) throw jest.error;
process.exit(jest.status ?? 1);
