// Runs a built action bundle the way the GitHub runner does: inputs as INPUT_* variables
// (action.yml defaults filled in), real GITHUB_ENV / GITHUB_PATH / GITHUB_OUTPUT /
// GITHUB_STATE / GITHUB_STEP_SUMMARY files, and for a post step the saved STATE_* values.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** Input defaults from an action.yml; `${{ … }}` expressions evaluate to '' outside GitHub. */
export function actionDefaults(actionYml = path.join(repoRoot, 'action.yml')) {
  const doc = parseYaml(readFileSync(actionYml, 'utf8'));
  const out = {};
  for (const [name, spec] of Object.entries(doc.inputs ?? {})) {
    const d = spec?.default;
    if (d === undefined) continue;
    out[name] = /^\$\{\{.*\}\}$/.test(String(d).trim()) ? '' : String(d);
  }
  return out;
}

export function inputEnvName(name) {
  return `INPUT_${name.replace(/ /g, '_').toUpperCase()}`;
}

/** Parses a runner file-command file (NAME=value and NAME<<DELIM … DELIM forms). */
export function parseEnvFile(text) {
  const out = {};
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (!line) continue;
    const heredoc = /^([^=<]+)<<(.+)$/.exec(line);
    if (heredoc) {
      const [, name, delim] = heredoc;
      const value = [];
      while (++i < lines.length && lines[i] !== delim) value.push(lines[i]);
      out[name] = value.join('\n');
      continue;
    }
    const eq = line.indexOf('=');
    if (eq > 0) out[line.slice(0, eq)] = line.slice(eq + 1);
  }
  return out;
}

/** A fresh runner job: temp dirs and the file-command files. */
export function newJob({ toolCache } = {}) {
  const root = mkdtempSync(path.join(os.tmpdir(), 'sgv-job-'));
  const files = {};
  for (const k of [
    'GITHUB_ENV',
    'GITHUB_PATH',
    'GITHUB_OUTPUT',
    'GITHUB_STATE',
    'GITHUB_STEP_SUMMARY',
  ]) {
    files[k] = path.join(root, k.toLowerCase());
    writeFileSync(files[k], '');
  }
  return {
    root,
    files,
    toolCache: toolCache ?? mkdtempSync(path.join(root, 'toolcache-')),
    temp: mkdtempSync(path.join(root, 'temp-')),
    workspace: mkdtempSync(path.join(root, 'workspace-')),
  };
}

/**
 * Runs `bundle` (relative to the repo) with `node`. Returns exit code, output and what the
 * step wrote to each file command.
 */
export async function runStep(
  job,
  { bundle, node = process.execPath, inputs = {}, env = {}, state, timeoutMs = 300_000, actionYml },
) {
  for (const f of ['GITHUB_OUTPUT', 'GITHUB_STEP_SUMMARY']) writeFileSync(job.files[f], '');
  const base = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (/^(INPUT_|STATE_|GITHUB_|RUNNER_|JEST_|NODE_OPTIONS)/.test(k)) continue;
    base[k] = v;
  }
  const stepEnv = {
    ...base,
    ...job.files,
    GITHUB_ACTIONS: 'true',
    GITHUB_WORKSPACE: job.workspace,
    RUNNER_OS: 'Linux',
    RUNNER_ARCH: 'X64',
    RUNNER_TOOL_CACHE: job.toolCache,
    RUNNER_TEMP: job.temp,
    ...applyJobEnv(job, base),
  };
  const allInputs = { ...actionDefaults(actionYml), ...inputs };
  for (const [k, v] of Object.entries(allInputs)) stepEnv[inputEnvName(k)] = v;
  for (const [k, v] of Object.entries(state ?? {})) stepEnv[`STATE_${k}`] = v;
  Object.assign(stepEnv, env);
  for (const [k, v] of Object.entries(stepEnv)) if (v === undefined) delete stepEnv[k];

  const child = spawn(node, [path.join(repoRoot, bundle)], { cwd: job.workspace, env: stepEnv });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  const code = await new Promise((resolve) => child.on('close', (c) => resolve(c ?? -1)));
  clearTimeout(timer);
  return {
    code,
    stdout,
    stderr,
    outputs: parseEnvFile(readFileSync(job.files.GITHUB_OUTPUT, 'utf8')),
    summary: readFileSync(job.files.GITHUB_STEP_SUMMARY, 'utf8'),
    state: parseEnvFile(readFileSync(job.files.GITHUB_STATE, 'utf8')),
    exported: parseEnvFile(readFileSync(job.files.GITHUB_ENV, 'utf8')),
    addedPath: readFileSync(job.files.GITHUB_PATH, 'utf8').split('\n').filter(Boolean),
    errors: [...stdout.matchAll(/^::error(?: [^:]*)?::(.*)$/gm)].map((m) => m[1]),
    warnings: [...stdout.matchAll(/^::warning(?: [^:]*)?::(.*)$/gm)].map((m) => m[1]),
    annotations: parseAnnotations(stdout),
  };
}

// Workflow-command escaping (what @actions/core writes): data escapes %, CR, LF; properties
// also escape : and ,.
const unescape = (s) =>
  s
    .replace(/%0D/g, '\r')
    .replace(/%0A/g, '\n')
    .replace(/%3A/g, ':')
    .replace(/%2C/g, ',')
    .replace(/%25/g, '%');

/** `::error file=a.go,line=3,col=2,title=…::message` lines as objects. */
export function parseAnnotations(stdout) {
  const out = [];
  for (const m of stdout.matchAll(/^::(error|warning|notice)(?: ([^:]*))?::(.*)$/gm)) {
    const props = {};
    for (const kv of (m[2] ?? '').split(',').filter(Boolean)) {
      const i = kv.indexOf('=');
      props[kv.slice(0, i)] = unescape(kv.slice(i + 1));
    }
    out.push({
      level: m[1],
      file: props.file,
      line: props.line === undefined ? undefined : Number(props.line),
      col: props.col === undefined ? undefined : Number(props.col),
      title: props.title,
      message: unescape(m[3]),
    });
  }
  return out;
}

/** What later steps of the job see: variables from GITHUB_ENV and GITHUB_PATH entries first on PATH. */
export function applyJobEnv(job, base = process.env) {
  const env = existsSync(job.files.GITHUB_ENV)
    ? parseEnvFile(readFileSync(job.files.GITHUB_ENV, 'utf8'))
    : {};
  const added = readFileSync(job.files.GITHUB_PATH, 'utf8').split('\n').filter(Boolean).reverse();
  // The runner prepends each added entry, so the last one written comes first.
  return { ...env, PATH: [...added, base.PATH ?? ''].join(path.delimiter) };
}
