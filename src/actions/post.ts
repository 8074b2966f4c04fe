/**
 * The post step: saves the Go caches (see caches.ts), then re-checks the toolchain the job
 * used. A job can write into the tool cache
 * (it is a plain directory); on a self-hosted runner a swapped bin/go would be handed to
 * every later job, so an entry whose executables changed is removed, with a warning.
 */
import * as core from '@actions/core';
import { recheckEntry } from '../install/recheck.js';
import { findEntry, removeEntry } from '../install/tool-cache.js';
import { saveCaches } from './caches.js';
import { STATE } from './state.js';

interface EntryState {
  root: string;
  version: string;
  arch: string;
}

async function checkToolchain(): Promise<void> {
  const raw = core.getState(STATE.entry);
  if (!raw) {
    core.info('setup did not install Go in this job; nothing to check');
    return;
  }
  const state = JSON.parse(raw) as EntryState;
  const entry = await findEntry(state.root, state.version, state.arch);
  if (!entry || entry.state !== 'verified') {
    core.warning(
      `the tool cache entry for Go ${state.version} ${state.arch} disappeared during the job`,
    );
    return;
  }
  const record = entry.record as { go?: { arch?: string } };
  const check = await recheckEntry(entry.dir, entry.record, {
    version: state.version,
    arch: record.go?.arch ?? '',
  });
  if (check.ok) {
    core.info(`Go ${state.version} in ${entry.dir}: executables unchanged since install`);
    return;
  }
  await removeEntry(state.root, state.version, state.arch);
  core.warning(
    `Go ${state.version} in ${entry.dir} was modified during this job (${check.reason}); ` +
      'the entry was removed from the tool cache so no later job uses it',
  );
}

async function main(): Promise<void> {
  await saveCaches(process.env);
  await checkToolchain();
}

main()
  .catch((err: unknown) => {
    // The post step reports; it never fails a job that succeeded.
    core.warning(`post step: ${err instanceof Error ? err.message : String(err)}`);
  })
  // A cache call abandoned at its deadline cannot be cancelled; do not let it hold the step.
  .finally(() => process.exit());
