/**
 * only-new-issues: the commit the findings are compared with and the lines changed since,
 * or why there is none (then every finding counts, and strict mode fails the run).
 */
import type { Logger } from '../log.js';
import type { ChangedLines } from './changed-lines.js';
import type { OnlyNewIssues } from './gates-options.js';
import { changedLinesSince, findBase, type BaseInfo } from './merge-base.js';

export interface Baseline {
  readonly base?: BaseInfo;
  /** Why no base could be found. */
  readonly baseProblem?: string;
  /** Lines added or modified since the base; undefined: keep every finding. */
  readonly changed?: ChangedLines;
}

export async function findBaseline(
  mode: OnlyNewIssues,
  baseRef: string | undefined,
  repo: { readonly root: string; readonly env: NodeJS.ProcessEnv },
  logger: Logger,
): Promise<Baseline> {
  if (mode === 'off') return {};
  const found = await findBase({ cwd: repo.root, env: repo.env, baseRef });
  if (!found.ok) {
    logger.warning(
      `only-new-issues: no base to compare with, so ${mode === 'strict' ? 'the gates fail' : 'every finding is reported'}: ${found.reason}`,
    );
    return { baseProblem: found.reason };
  }
  const base = found.base;
  const changed = await changedLinesSince(repo.root, base);
  logger.info(`only-new-issues: comparing with ${base.how} (${base.sha.slice(0, 12)})`);
  return { base, changed };
}

/** strict: a run that could not find its base fails, whatever the gates found. */
export function failsForNoBase(mode: OnlyNewIssues, baseline: Baseline): boolean {
  return mode === 'strict' && baseline.baseProblem !== undefined;
}
