// Checks the action metadata files and the uses of these actions that actionlint cannot see:
// actionlint validates `with:` keys of local actions (uses: ./coverage) against their
// action.yml, but not of `org/setup-go-verified/...@v1` in the reusable workflow, which names
// this repository's own actions by their published name.
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { parse } from 'yaml';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const ACTIONS = { '': 'action.yml', gates: 'gates/action.yml', coverage: 'coverage/action.yml' };
const PUBLISHED = 'org/setup-go-verified';
const problems = [];

const inputsOf = {};
for (const [sub, file] of Object.entries(ACTIONS)) {
  const action = parse(readFileSync(path.join(root, file), 'utf8'));
  for (const key of ['name', 'description', 'runs']) {
    if (!action[key]) problems.push(`${file}: no ${key}`);
  }
  if (action.runs?.using !== 'node24')
    problems.push(`${file}: runs.using is ${action.runs?.using}, not node24`);
  const main = path.normalize(path.join(path.dirname(file), action.runs?.main ?? ''));
  if (!main.startsWith(`dist${path.sep}`))
    problems.push(`${file}: runs.main ${main} is not in dist/`);
  for (const kind of ['inputs', 'outputs']) {
    for (const [name, spec] of Object.entries(action[kind] ?? {})) {
      if (!spec?.description)
        problems.push(`${file}: ${kind.slice(0, -1)} ${name} has no description`);
    }
  }
  inputsOf[sub] = new Set(Object.keys(action.inputs ?? {}));
}

const workflows = path.join(root, '.github', 'workflows');
for (const name of readdirSync(workflows).filter((f) => f.endsWith('.yml'))) {
  const wf = parse(readFileSync(path.join(workflows, name), 'utf8'));
  for (const [jobName, job] of Object.entries(wf.jobs ?? {})) {
    for (const step of job.steps ?? []) {
      const m = /^org\/setup-go-verified(?:\/([a-z-]+))?@/.exec(step.uses ?? '');
      if (!m) continue;
      const inputs = inputsOf[m[1] ?? ''];
      if (!inputs) {
        problems.push(`${name}: job ${jobName} uses ${step.uses}, which is not an action here`);
        continue;
      }
      for (const key of Object.keys(step.with ?? {})) {
        if (!inputs.has(key))
          problems.push(`${name}: job ${jobName}: ${step.uses} has no input ${key}`);
      }
    }
  }
}

if (problems.length > 0) {
  for (const p of problems) console.error(p);
  process.exit(1);
}
console.log(`action metadata and uses of ${PUBLISHED} in the workflows: ok`);
