/**
 * The coverage action: run the tests with coverage (or read profiles, or merge the matrix
 * legs' artifacts), enforce thresholds, write the reports, set outputs, publish the summary,
 * upload the artifact and, on pull requests, the comment.
 */
import * as core from '@actions/core';
import * as os from 'node:os';
import { downloadCoverageArtifacts, uploadCoverageArtifact } from '../coverage/artifacts.js';
import { parseCoverageOptions } from '../coverage/coverage-options.js';
import { COMMENT_MARKER } from '../coverage/coverage-summary.js';
import { upsertPullRequestComment, type CommentResult } from '../coverage/pr-comment.js';
import { runCoverage } from '../coverage/run-coverage.js';
import { withCoverageTempDir } from '../coverage/temp-dir.js';
import { describeShortfalls, parseThresholds } from '../coverage/thresholds.js';
import { jobGo } from '../go/job-go.js';
import { inert } from '../log-text.js';
import { runnerPlatform } from '../platform.js';
import { actionsLogger } from './logger.js';

async function main(): Promise<void> {
  const env = process.env;
  const root = env['GITHUB_WORKSPACE'] || process.cwd();
  const get = (name: string) => core.getInput(name);
  // Inputs first: a threshold of `abc` or a bad mode fails before go runs or tests start.
  // The options are read again once the job's Go is known: it names the default artifact.
  const thresholds = parseThresholds(get);
  parseCoverageOptions(get, runnerPlatform(env));
  const go = await jobGo(env, root);
  const options = parseCoverageOptions(get, go);
  const outcome = await withCoverageTempDir(env['RUNNER_TEMP'] || os.tmpdir(), (tempDir) =>
    runCoverage(options, thresholds, {
      root,
      env,
      go,
      tempDir,
      logger: actionsLogger,
      // go test's output is the repository's text: echoed with workflow commands off.
      fenceOutput: true,
      downloadArtifacts: (pattern, destDir, exclude) =>
        downloadCoverageArtifacts({ pattern, destDir, exclude, env }),
    }),
  );
  for (const w of outcome.warnings) core.warning(w);

  core.setOutput('coverage', outcome.percent);
  core.setOutput('profile', outcome.files.profile ?? '');
  core.setOutput('meets-threshold', String(outcome.thresholds.meets));
  core.setOutput('report', outcome.json);
  core.setOutput('report-dir', outcome.reportDir);
  await core.summary.addRaw(outcome.summary).write();
  core.info(
    `coverage: ${outcome.percent}% of statements (${outcome.total.covered} of ${outcome.total.statements}); reports in ${inert(outcome.reportDir)}`,
  );

  if (options.artifactName) {
    try {
      const files = Object.values(outcome.files).filter((f): f is string => f !== undefined);
      const up = await uploadCoverageArtifact({
        name: options.artifactName,
        rootDir: outcome.reportDir,
        files,
        env,
      });
      if (up.kind === 'skipped') core.info(`artifact not uploaded: ${inert(up.reason)}`);
      else core.info(`artifact ${inert(options.artifactName)} uploaded (${up.size} bytes)`);
    } catch (err) {
      // The merge job will say which leg is missing; this leg's figures still stand.
      core.warning(`artifact ${options.artifactName} not uploaded: ${(err as Error).message}`);
    }
  }

  if (options.prComment) {
    const r = await upsertPullRequestComment({
      body: outcome.summary,
      marker: COMMENT_MARKER,
      token: options.token,
      env,
    }).catch((err: unknown): CommentResult => ({ kind: 'failed', reason: (err as Error).message }));
    if (r.kind === 'failed') core.warning(`pull request comment: ${r.reason}`);
    else if (r.kind === 'skipped') core.info(`pull request comment skipped: ${inert(r.reason)}`);
    else core.info(`pull request comment ${r.kind}: ${inert(r.url)}`);
  }

  const failures: string[] = [];
  const test = outcome.gathered.test;
  if (test && test.code !== 0)
    failures.push(`go test failed (exit ${test.code}); see the test output above`);
  if (!outcome.thresholds.meets && options.failUnderThreshold) {
    failures.push(`coverage below threshold: ${describeShortfalls(outcome.thresholds).join('; ')}`);
  }
  if (failures.length > 0) core.setFailed(failures.join('\n'));
}

main()
  .catch((err: unknown) => {
    core.setFailed(err instanceof Error ? err.message : String(err));
  })
  .finally(() => process.exit());
