/**
 * A go setting as the checks see it (the effective value and where it was made) and the exact
 * command that changes it there.
 */
import * as path from 'node:path';
import type { Platform } from '../platform.js';
import type { DoctorFacts } from './facts.js';

/** Reads a variable the way the platform does: names are case-insensitive on Windows. */
export function envGet(
  env: Readonly<Record<string, string | undefined>>,
  key: string,
  goos: string,
): string | undefined {
  if (goos !== 'windows') return env[key];
  const upper = key.toUpperCase();
  for (const [k, v] of Object.entries(env)) if (k.toUpperCase() === upper) return v;
  return undefined;
}

/** A go setting's effective value: `go env` when it ran, else the environment. */
export function goVar(facts: DoctorFacts, key: string): string {
  return facts.goEnv?.[key] ?? envGet(facts.env, key, facts.host.os) ?? '';
}

/** Where a go setting comes from. The go command ignores an empty environment variable and
 * falls back to the go env file, then to $GOROOT/go.env and built-in defaults. */
export function sourceOf(
  facts: DoctorFacts,
  key: string,
): 'environment' | 'go env file' | 'default' {
  if (envGet(facts.env, key, facts.host.os)) return 'environment';
  if (facts.goEnvFile?.[key]) return 'go env file';
  return 'default';
}

/** Exactly how to remove a setting, wherever it was made. */
export function unsetHint(facts: DoctorFacts, key: string): string {
  const source = sourceOf(facts, key);
  if (source === 'go env file') return `run \`go env -u ${key}\``;
  if (facts.host.os === 'windows') {
    return `run \`Remove-Item Env:${key}\` and delete ${key} from the user/system environment variables (or the CI variables)`;
  }
  return `run \`unset ${key}\` and delete the line that sets it from your shell profile (~/.profile, ~/.bashrc, ~/.zshrc) or the CI variables`;
}

/** Exactly how to set a value so that it sticks. A variable in the environment beats the go
 * env file, so it has to be changed where it is. */
export function setHint(facts: DoctorFacts, key: string, value: string): string {
  if (sourceOf(facts, key) === 'environment') {
    return facts.host.os === 'windows'
      ? `set ${key}=${value} where it is set now (\`$env:${key} = "${value}"\` for this shell)`
      : `change it where it is set (shell profile or CI variables): \`export ${key}='${value}'\``;
  }
  return `run \`go env -w ${key}='${value}'\``;
}

export function prependPathHint(dir: string, host: Platform): string {
  return host.os === 'windows'
    ? `\`$env:PATH = "${dir};" + $env:PATH\` (PowerShell), and move ${dir} up in the user/system Path variable to keep it`
    : `\`export PATH="${dir}:$PATH"\` in ~/.profile or ~/.bashrc (in CI: a before_script / step that runs first)`;
}

export function samePath(a: string, b: string, goos: string): boolean {
  const p = goos === 'windows' ? path.win32 : path.posix;
  const norm = (s: string) => {
    const n = p.normalize(s).replace(/[\\/]+$/, '');
    return goos === 'windows' || goos === 'darwin' ? n.toLowerCase() : n;
  };
  return norm(a) === norm(b);
}
