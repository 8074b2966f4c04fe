/**
 * The test command's own guarantees, run for real: a check recorded as not run is counted as
 * skipped (never passed), listed at the end, and fails the run unless
 * SETUP_GO_VERIFIED_ALLOW_NOT_RUN=1; without the reporter it fails its test; and the tool
 * check names a missing program with the package that holds it.
 */
import { describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const jest = path.join(root, 'node_modules', 'jest', 'bin', 'jest.js');
const config = path.join(root, '__tests__', 'fixtures', 'not-run', 'jest.config.mjs');

/** This process's environment without what the outer run's reporter and the caller set. */
function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env = { ...process.env, ...extra };
  delete env['SETUP_GO_VERIFIED_NOT_RUN_LOG'];
  if (!('SETUP_GO_VERIFIED_ALLOW_NOT_RUN' in extra)) delete env['SETUP_GO_VERIFIED_ALLOW_NOT_RUN'];
  return env;
}

function runFixture(args: string[], extra: Record<string, string> = {}) {
  const r = spawnSync(
    process.execPath,
    ['--experimental-vm-modules', jest, '--config', config, '--ci', ...args],
    { cwd: root, encoding: 'utf8', env: cleanEnv(extra), timeout: 120_000 },
  );
  return { code: r.status, out: `${r.stdout}${r.stderr}` };
}

describe('checks that could not run', () => {
  it('are counted as skipped, listed with their reasons, and fail the run', () => {
    const { code, out } = runFixture([]);
    expect(code).toBe(1);
    expect(out).toMatch(/Tests: +1 failed, 1 skipped, 1 passed, 3 total/);
    expect(out).toContain('Checks that did not run (2), counted as skipped, not passed:');
    expect(out).toContain(
      'checks.check.mjs: cannot run here\n      frob is not installed (apt-get install frob) ::error::not from the reporter',
    );
    expect(out).toContain('checks.check.mjs: cannot run here, and fails\n');
    expect(out).toContain('The run fails because of them');
    // A reason is kept on one line: nothing it holds starts a line of the log.
    expect(out).not.toMatch(/^::error::/m);
  });

  it('are still listed, and the run may pass, with SETUP_GO_VERIFIED_ALLOW_NOT_RUN=1', () => {
    const { code, out } = runFixture(['-t', 'cannot run here$'], {
      SETUP_GO_VERIFIED_ALLOW_NOT_RUN: '1',
    });
    // The two checks -t leaves out are skipped by jest; the third by the reporter.
    expect(out).toMatch(/Tests: +3 skipped, 3 total/);
    expect(out).toContain('Checks that did not run (1), counted as skipped, not passed:');
    expect(out).toContain('SETUP_GO_VERIFIED_ALLOW_NOT_RUN=1: the run may pass without them.');
    expect(code).toBe(0);
  });

  it('fail their test where no reporter collects them', () => {
    const { code, out } = runFixture(['--reporters=default', '-t', 'cannot run here$']);
    expect(code).toBe(1);
    expect(out).toContain('did not run: frob is not installed');
    expect(out).toMatch(/Tests: +1 failed/);
  });
});

describe('the test tools check', () => {
  it('names a missing program, its package and the apt-get line, and fails unless allowed', () => {
    // A PATH with node and nothing else: every tool is missing.
    const bin = mkdtempSync(path.join(os.tmpdir(), 'test-tools-path-'));
    try {
      symlinkSync(process.execPath, path.join(bin, 'node'));
      const run = (extra: Record<string, string>) =>
        spawnSync(process.execPath, ['scripts/test-tools.mjs', '--selectProjects=unit'], {
          cwd: root,
          encoding: 'utf8',
          env: cleanEnv({ PATH: bin, SETUP_GO_VERIFIED_TEST_NO_INSTALL: '1', ...extra }),
        });
      const failed = run({});
      expect(failed.status).toBe(1);
      expect(failed.stderr).toContain(
        'not installing the missing tools (SETUP_GO_VERIFIED_TEST_NO_INSTALL=1)',
      );
      expect(failed.stderr).toContain('  xmllint (package libxml2-utils): ');
      expect(failed.stderr).toContain('  lcov (package lcov): ');
      expect(failed.stderr).toContain(
        'install them: sudo apt-get install -y --no-install-recommends libxml2-utils lcov zip unzip zstd',
      );
      // The unit project runs neither qemu nor wine.
      expect(failed.stderr).not.toContain('qemu');
      const allowed = run({ SETUP_GO_VERIFIED_ALLOW_NOT_RUN: '1' });
      expect(allowed.status).toBe(0);
      expect(allowed.stderr).toContain('the checks that need them are listed as not run');
    } finally {
      rmSync(bin, { recursive: true, force: true });
    }
  });
});
