// Jest reporter for checks that could not run (see not-run.mjs). Listed before 'default' in
// jest.config.js, so a test that recorded one is already counted and shown as skipped, not
// passed, when the default reporter prints it. At the end of the run it lists every such
// check with its reason, and the run fails unless SETUP_GO_VERIFIED_ALLOW_NOT_RUN=1.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/** The environment variable through which the reporter tells the test workers its log. */
export const NOT_RUN_LOG = 'SETUP_GO_VERIFIED_NOT_RUN_LOG';
export const ALLOW_NOT_RUN = 'SETUP_GO_VERIFIED_ALLOW_NOT_RUN';

/** The records in `log`, one JSON object a line; none when there is no file yet. */
export function readNotRun(log) {
  let text;
  try {
    text = readFileSync(log, 'utf8');
  } catch {
    return [];
  }
  return text
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line));
}

export default class NotRunReporter {
  #rootDir;
  #log;
  /** Records already applied to a test file's result, by file. */
  #seen = [];
  #error;

  constructor(globalConfig) {
    this.#rootDir = globalConfig.rootDir;
    // Set before any test worker starts, so every worker inherits it.
    if (!process.env[NOT_RUN_LOG]) {
      const dir = mkdtempSync(path.join(os.tmpdir(), 'setup-go-verified-not-run-'));
      process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
      process.env[NOT_RUN_LOG] = path.join(dir, 'not-run.jsonl');
    }
    this.#log = process.env[NOT_RUN_LOG];
  }

  onRunStart() {
    writeFileSync(this.#log, '');
    this.#seen = [];
    this.#error = undefined;
  }

  onTestFileResult(_test, testResult, aggregated) {
    const records = readNotRun(this.#log).filter((r) => r.testPath === testResult.testFilePath);
    if (records.length === 0) return;
    this.#seen.push(...records);
    const names = new Set(records.map((r) => r.test));
    for (const a of testResult.testResults) {
      if (a.status !== 'passed' || !names.has(a.fullName)) continue;
      // It ran no assertion for what it is about: not a pass.
      a.status = 'pending';
      testResult.numPassingTests--;
      testResult.numPendingTests++;
      aggregated.numPassedTests--;
      aggregated.numPendingTests++;
    }
  }

  onRunComplete() {
    // Records of files whose results never arrived (a crashed worker) still count.
    const seen = new Set(this.#seen.map((r) => JSON.stringify(r)));
    const all = [
      ...this.#seen,
      ...readNotRun(this.#log).filter((r) => !seen.has(JSON.stringify(r))),
    ];
    if (all.length === 0) return;
    const allowed = process.env[ALLOW_NOT_RUN] === '1';
    // One line each: no text a test put in a record can start a line of the log.
    const flat = (s) => String(s).replace(/\s+/g, ' ').trim();
    const lines = all.map((r) => {
      const file = path.relative(this.#rootDir, r.testPath ?? '');
      const note =
        r.kind === 'unserved' ? ' (not served on this network; does not fail the run)' : '';
      return `  - ${file}: ${r.test === '' ? '(outside a test)' : flat(r.test)}\n      ${flat(r.reason)}${note}`;
    });
    const failing = all.filter((r) => r.kind !== 'unserved');
    const head = `Checks that did not run (${all.length}), counted as skipped, not passed:`;
    const tail =
      failing.length === 0
        ? 'Only artifacts this network does not serve are missing: the run may pass.'
        : allowed
          ? `${ALLOW_NOT_RUN}=1: the run may pass without them.`
          : `The run fails because of them: make them runnable (npm test installs the tools it can), or set ${ALLOW_NOT_RUN}=1 to accept a run without them.`;
    process.stderr.write(`\n${head}\n${lines.join('\n')}\n${tail}\n\n`);
    if (!allowed && failing.length > 0) {
      this.#error = new Error(`${failing.length} checks did not run`);
    }
  }

  getLastError() {
    return this.#error;
  }
}
