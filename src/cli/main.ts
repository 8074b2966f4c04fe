/** Entry point of the `setup-go-verified` command. */
import { writeSetupOutputs } from '../actions/outputs.js';
import { packageVersion } from '../fetch/http.js';
import * as path from 'node:path';
import { runCli } from './cli.js';

const code = await runCli(
  process.argv.slice(2),
  {
    stdout: (t) => process.stdout.write(t),
    stderr: (t) => process.stderr.write(t),
    env: process.env,
    cwd: process.cwd(),
    // The same runner files the action writes (GITHUB_PATH, GITHUB_ENV, GITHUB_OUTPUT).
    github: async (result) => writeSetupOutputs(result),
    self: [process.execPath, path.resolve(process.argv[1] ?? '')],
  },
  packageVersion(),
);
process.exitCode = code;
