/**
 * Reuse of gate results across runs: the key of one gate in one module (see results-cache.ts
 * for what it covers), the stored outcome for identical inputs, and the fresh one stored when
 * the tool ran cleanly.
 */
import type { Logger } from '../log.js';
import type { GateName } from './finding.js';
import type { GateRunContext } from './gate-runners.js';
import { gateSettings } from './gate-settings.js';
import type { GatesOptions } from './gates-options.js';
import { resultKey, ResultsCache, treeFingerprint } from './results-cache.js';
import type { GateOutcome } from './tool-output.js';
import type { ChosenTool } from './tool-choice.js';
import type { GoInfo } from './tools.js';

/** What a gate found in one module; gofmt adds its diffs. */
export type ModuleOutcome = GateOutcome & { readonly diffs?: ReadonlyMap<string, string> };

/** Hashes a directory tree's content. */
export type Fingerprint = (dir: string) => Promise<string>;

/** Each tree hashed once per run, for the lint cache key and for the results keys. */
export function fingerprintOnce(hash: Fingerprint = treeFingerprint): Fingerprint {
  const seen = new Map<string, Promise<string>>();
  return (dir) => {
    let f = seen.get(dir);
    if (!f) seen.set(dir, (f = hash(dir)));
    return f;
  };
}

/** The run's facts that every key covers. */
export interface ReuseSettings {
  readonly options: GatesOptions;
  readonly root: string;
  readonly go: GoInfo;
  /** The environment the tools run with (its build variables are part of the key). */
  readonly env: NodeJS.ProcessEnv;
  readonly fingerprint: Fingerprint;
  readonly logger: Logger;
}

export class ReusableResults {
  private readonly cache: ResultsCache;

  constructor(
    dir: string,
    private readonly settings: ReuseSettings,
  ) {
    this.cache = new ResultsCache(dir);
  }

  /** The key of `gate` in one module, with the golangci-lint linters left to other gates. */
  async key(
    gate: GateName,
    ctx: GateRunContext,
    tool: ChosenTool | undefined,
    disabled: readonly string[],
  ): Promise<string> {
    const { options, root, go, env, fingerprint } = this.settings;
    return resultKey({
      gate,
      tool: tool ? `${tool.version} ${tool.verifiedBy}` : go.version,
      goVersion: go.version,
      trees: await Promise.all([ctx.module.dir, ...ctx.module.localDirs].map(fingerprint)),
      settings: [
        ...(await gateSettings(gate, ctx, options, root)),
        `disabled ${disabled.join(',')}`,
      ],
      env,
    });
  }

  /** The stored outcome of an identical earlier run, or `compute`'s (kept unless it failed). */
  async outcome(
    key: string,
    compute: () => Promise<ModuleOutcome>,
  ): Promise<{ readonly outcome: ModuleOutcome; readonly reused: boolean }> {
    const stored = await this.cache.get(key);
    if (stored) return { outcome: { findings: stored.findings }, reused: true };
    const outcome = await compute();
    if (!outcome.failure) {
      await this.cache.put(key, { findings: outcome.findings }).catch((err: unknown) => {
        this.settings.logger.debug(`results cache: ${(err as Error).message}`);
      });
    }
    return { outcome, reused: false };
  }

  /** Removes entries unused for a week; never fails the gates. */
  async prune(): Promise<void> {
    await this.cache.prune().catch(() => undefined);
  }
}
