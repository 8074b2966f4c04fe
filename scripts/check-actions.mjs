// Checks what actionlint cannot: the action metadata files (., gates, coverage) run a
// bundle that scripts/bundle.mjs builds, on node24, and describe every input and output; and
// the `with:` keys passed to org/setup-go-verified[/gates|/coverage]@v1, to the reusable
// workflow and to the example composite action, in the workflows and the examples, are
// inputs of those. actionlint checks `with:` keys of local actions (uses: ./gates) against
// their action.yml, but not of a remote name, which is how the reusable workflow and the
// examples must name these actions.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
/** The published name of this repository, as README.md and the reusable workflow use it. */
const PUBLISHED = 'org/setup-go-verified';
const ACTION_DIRS = ['.', 'gates', 'coverage'];
const problems = [];

/** dist/<name>/index.js for each entry of the `entries` table in scripts/bundle.mjs. */
function bundleOutputs() {
  const text = readFileSync(path.join(root, 'scripts', 'bundle.mjs'), 'utf8');
  const table = /const entries = \{([^}]*)\}/.exec(text);
  if (!table) throw new Error('scripts/bundle.mjs: no `const entries = { ... }` table found');
  return new Set(
    [...table[1].matchAll(/^\s*'?([\w-]+)'?\s*:/gm)].map((m) => `dist/${m[1]}/index.js`),
  );
}

/** Reads <dir>/action.yml, checks it, and returns its input names. */
function checkAction(dir, bundles) {
  const file = path.posix.join(dir, 'action.yml');
  const action = parse(readFileSync(path.join(root, file), 'utf8'));
  for (const key of ['name', 'description']) {
    if (typeof action?.[key] !== 'string' || action[key].trim() === '')
      problems.push(`${file}: no ${key}`);
  }
  if (action?.runs?.using !== 'node24')
    problems.push(`${file}: runs.using is ${JSON.stringify(action?.runs?.using)}, not "node24"`);
  for (const key of ['main', 'post', 'pre']) {
    const script = action?.runs?.[key];
    if (script === undefined && key !== 'main') continue;
    const target = path.posix.normalize(path.posix.join(dir, String(script ?? '')));
    if (!bundles.has(target)) {
      problems.push(
        `${file}: runs.${key} is ${JSON.stringify(script)} (${target}), which scripts/bundle.mjs ` +
          `does not build (it builds ${[...bundles].join(', ')})`,
      );
    } else if (!existsSync(path.join(root, target))) {
      problems.push(`${file}: runs.${key}: ${target} is missing: run npm run bundle`);
    }
  }
  for (const kind of ['inputs', 'outputs']) {
    for (const [name, spec] of Object.entries(action?.[kind] ?? {})) {
      if (typeof spec?.description !== 'string' || spec.description.trim() === '')
        problems.push(`${file}: ${kind.slice(0, -1)} ${name} has no description`);
    }
  }
  return new Set(Object.keys(action?.inputs ?? {}));
}

const bundles = bundleOutputs();
/** `org/setup-go-verified`, `org/setup-go-verified/gates`, ... -> input names. */
const inputsOf = new Map();
for (const dir of ACTION_DIRS) {
  inputsOf.set(dir === '.' ? PUBLISHED : `${PUBLISHED}/${dir}`, checkAction(dir, bundles));
}

/** The reusable workflow's `workflow_call` inputs, as a caller's `with:` may name them. */
const REUSABLE = `${PUBLISHED}/.github/workflows/go-ci.yml`;
const reusableInputs = new Set(
  Object.keys(
    parse(readFileSync(path.join(root, '.github', 'workflows', 'go-ci.yml'), 'utf8'))?.on
      ?.workflow_call?.inputs ?? {},
  ),
);

/** The examples' actions of other repositories, by the name the example workflows use. */
const EXAMPLE_ACTIONS = { 'my-org/go-setup': 'examples/go-setup-action' };

/** Checks the `with:` keys of a `uses:` of this repository's actions or reusable workflow. */
function checkUses(where, uses, withKeys) {
  const [target, ref] = uses.split('@');
  const example = EXAMPLE_ACTIONS[target];
  if (!example && !uses.startsWith(`${PUBLISHED}/`) && !uses.startsWith(`${PUBLISHED}@`)) return;
  where = `${where} (${uses})`;
  if (!ref) problems.push(`${where}: no @ref`);
  const inputs = example
    ? new Set(
        Object.keys(
          parse(readFileSync(path.join(root, example, 'action.yml'), 'utf8'))?.inputs ?? {},
        ),
      )
    : target === REUSABLE
      ? reusableInputs
      : inputsOf.get(target);
  if (!inputs) {
    problems.push(`${where}: ${target} is none of ${[...inputsOf.keys(), REUSABLE].join(', ')}`);
    return;
  }
  for (const key of withKeys) {
    if (!inputs.has(key)) problems.push(`${where}: ${target} has no input ${JSON.stringify(key)}`);
  }
}

const yamlFiles = (dir) =>
  existsSync(path.join(root, dir))
    ? readdirSync(path.join(root, dir))
        .filter((f) => /\.ya?ml$/.test(f))
        .map((f) => path.posix.join(dir, f))
    : [];
// This repository's workflows and the examples a user copies.
const workflowFiles = [...yamlFiles('.github/workflows'), ...yamlFiles('examples/workflows')];
for (const file of workflowFiles) {
  const workflow = parse(readFileSync(path.join(root, file), 'utf8'));
  for (const [jobName, job] of Object.entries(workflow?.jobs ?? {})) {
    if (typeof job?.uses === 'string') {
      checkUses(`${file}: jobs.${jobName}`, job.uses, Object.keys(job.with ?? {}));
    }
    for (const [i, step] of (job?.steps ?? []).entries()) {
      if (typeof step?.uses !== 'string') continue;
      checkUses(`${file}: jobs.${jobName}.steps[${i}]`, step.uses, Object.keys(step.with ?? {}));
    }
  }
}
// The example composite actions (examples/<name>/action.yml) that use this repository's actions.
const compositeFiles = readdirSync(path.join(root, 'examples'), { withFileTypes: true })
  .filter((e) => e.isDirectory() && existsSync(path.join(root, 'examples', e.name, 'action.yml')))
  .map((e) => path.posix.join('examples', e.name, 'action.yml'));
for (const file of compositeFiles) {
  const action = parse(readFileSync(path.join(root, file), 'utf8'));
  if (action?.runs?.using !== 'composite') continue;
  for (const [i, step] of (action.runs.steps ?? []).entries()) {
    if (typeof step?.uses !== 'string') continue;
    checkUses(`${file}: runs.steps[${i}]`, step.uses, Object.keys(step.with ?? {}));
  }
}

if (problems.length > 0) {
  for (const p of problems) console.error(p);
  console.error(`${problems.length} problem(s) in the action metadata or workflows`);
  process.exit(1);
}
console.log(
  `${ACTION_DIRS.length} action metadata files and the uses of ${PUBLISHED} in ` +
    `${workflowFiles.length} workflows and ${compositeFiles.length} composite actions: ok`,
);
