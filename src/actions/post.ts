/**
 * The post step: saves the Go caches (see caches.ts), then proves the toolchain the job used
 * once more. A job can write into the tool cache (it is a plain directory); on a self-hosted
 * runner a changed file would be handed to every later job. The whole tree is hashed again
 * and compared with the `h1:` the setup step proved and kept in its step state, which no job
 * step can write; an entry that no longer matches is removed, and the log names the files.
 */
// First: starts the hash workers while the rest loads (see prestart.ts).
import './prestart.js';
import * as core from '@actions/core';
import { reproveAfterJob, type ProvenTreeState } from '../install/entry-proof.js';
import { removeEntry } from '../install/tool-cache.js';
import { describeDifference } from '../verify/tree-proof/tree-shape.js';
import { saveCaches } from './caches.js';
import { STATE } from './state.js';

function readState(raw: string): ProvenTreeState | undefined {
  const state = JSON.parse(raw) as Partial<ProvenTreeState>;
  const fields = [state.root, state.version, state.arch, state.moduleVersion, state.h1];
  return fields.every((f) => typeof f === 'string' && f !== '')
    ? (state as ProvenTreeState)
    : undefined;
}

async function checkToolchain(): Promise<void> {
  const raw = core.getState(STATE.entry);
  const state = raw ? readState(raw) : undefined;
  if (!state) {
    core.info('setup did not install Go in this job; nothing to check');
    return;
  }
  const check = await reproveAfterJob(state).catch((err: Error) => ({
    ok: false as const,
    reasons: [`its tree could not be read: ${err.message}`],
  }));
  if (check.ok) {
    core.info(
      `Go ${state.version} in the tool cache: all ${check.files} files unchanged since this job proved them (${state.h1})`,
    );
    return;
  }
  await removeEntry(state.root, state.version, state.arch);
  const diff =
    'difference' in check && check.difference
      ? `; files: ${describeDifference(check.difference)}`
      : '';
  core.warning(
    `Go ${state.version} in the tool cache was modified during this job (${check.reasons.join('; ')}${diff}); ` +
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
