/**
 * What a gate's result depends on besides the module's files: the results cache key's
 * settings part.
 */
import * as path from 'node:path';
import type { GateName } from './finding.js';
import type { GateRunContext } from './gate-runners.js';
import { findGolangciConfig } from './gate-runners.js';
import type { GatesOptions } from './gates-options.js';
import { fileDigest } from './results-cache.js';

/** Files named `name` in `dir` and its parents up to `root` (staticcheck.conf is inherited). */
async function ancestorFiles(dir: string, root: string, name: string): Promise<string[]> {
  const out: string[] = [];
  let d = dir;
  for (;;) {
    const parent = path.dirname(d);
    if (d === root || parent === d || path.relative(root, d).startsWith('..')) break;
    d = parent;
    out.push(`${path.relative(root, d) || '.'}:${await fileDigest(path.join(d, name))}`);
  }
  return out;
}

export async function gateSettings(
  gate: GateName,
  ctx: GateRunContext,
  options: GatesOptions,
  root: string,
): Promise<string[]> {
  const common = [
    `module ${path.relative(root, ctx.module.dir)}`,
    `patterns ${ctx.patterns.join('\0')}`,
    `files ${(ctx.files ?? []).map((f) => path.relative(root, f)).join('\0')}`,
    `tags ${options.buildTags.join(',')}`,
  ];
  if (ctx.module.workspace) {
    common.push(
      `go.work ${await fileDigest(path.join(ctx.module.workspace, 'go.work'))}`,
      `go.work.sum ${await fileDigest(path.join(ctx.module.workspace, 'go.work.sum'))}`,
    );
  }
  if (gate === 'staticcheck') {
    common.push(`checks ${options.staticcheckChecks ?? ''}`);
    common.push(...(await ancestorFiles(ctx.module.dir, root, 'staticcheck.conf')));
  }
  if (gate === 'golangci-lint') {
    const config = await findGolangciConfig(ctx.module.dir, root);
    common.push(`args ${options.golangciArgs.join('\0')}`);
    common.push(
      `config ${config ? `${path.relative(root, config)} ${await fileDigest(config)}` : '-'}`,
    );
  }
  return common;
}
