/** Entry point of the `setup-go-verified` command. */
import * as core from '@actions/core';
import { packageVersion } from '../fetch/http.js';
import { runCli } from './cli.js';

const code = await runCli(
  process.argv.slice(2),
  {
    stdout: (t) => process.stdout.write(t),
    stderr: (t) => process.stderr.write(t),
    env: process.env,
    cwd: process.cwd(),
    github: async (result) => {
      // @actions/core writes the runner's file commands when GITHUB_PATH/GITHUB_ENV are set.
      for (const dir of [...result.environment.path].reverse()) core.addPath(dir);
      for (const [k, v] of Object.entries(result.environment.variables)) core.exportVariable(k, v);
      core.setOutput('go-version', result.version);
      core.setOutput('go-root', result.goRoot);
      core.setOutput('go-path', result.goPath);
      core.setOutput('cache-hit', String(result.cacheHit));
      core.setOutput('verification', JSON.stringify(result.record));
    },
  },
  packageVersion(),
);
process.exitCode = code;
