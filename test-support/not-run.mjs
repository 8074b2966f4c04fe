// A check that could not run on this machine (a tool is missing, the process is root where
// the check needs an ordinary user, ...) is recorded here, never passed silently. The
// reporter in not-run-reporter.mjs reads the records, marks those tests as not run (skipped,
// not passed), lists them at the end of the run, and fails the run unless
// SETUP_GO_VERIFIED_ALLOW_NOT_RUN=1.
import { appendFileSync } from 'node:fs';
import { expect } from '@jest/globals';
import { NOT_RUN_LOG } from './not-run-reporter.mjs';

/**
 * Records that the current test (or the part of it that needs what is missing) did not run,
 * and why. Return from the test after calling it. Throws when no reporter collects the
 * records, so a check that did not run can never pass unnoticed.
 *
 * `kind` is 'unserved' only when the network answered for certain that it does not serve an
 * artifact the check needs (a module proxy's 403/404/410): no install on this machine can
 * change that, so such a check is listed but does not fail the run. Everything else a
 * machine can fix, and fails the run unless allowed.
 */
export function notRun(reason, kind = 'missing') {
  const { testPath, currentTestName } = expect.getState();
  const log = process.env[NOT_RUN_LOG];
  if (!log) {
    throw new Error(
      `did not run: ${reason} (no not-run reporter is collecting these: run the tests through jest.config.js)`,
    );
  }
  appendFileSync(
    log,
    `${JSON.stringify({ testPath, test: currentTestName ?? '', reason, kind })}\n`,
  );
}
