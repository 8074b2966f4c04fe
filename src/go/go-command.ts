/**
 * Asking a go binary about itself: `go version` and `go env -json`, run and read in one
 * place. The parsers are pure, for checks that already hold the output; the runners add the
 * process and say what failed.
 */
import { run } from '../process.js';

/** What `go version` printed, read: the version word(s) and `os/arch`. */
export interface GoVersionLine {
  /** `go1.22.5`, `go1.22.5-corp`, or `devel go1.24-abc123` for a development build. */
  readonly version: string;
  /** `linux/amd64`; absent when the line names none. */
  readonly platform?: string;
  /** Words between the version and the platform, such as `X:boringcrypto`. */
  readonly extras: readonly string[];
}

function firstLine(s: string): string {
  return s.trim().split(/\r?\n/)[0] ?? '';
}

/**
 * Parses `go version go1.22.5 linux/amd64`, `go version go1.22.5 X:boringcrypto linux/amd64`
 * and `go version devel go1.24-abc123 Tue … linux/amd64`; undefined for anything else.
 */
export function parseGoVersion(stdout: string): GoVersionLine | undefined {
  const line = firstLine(stdout);
  if (!line.startsWith('go version ')) return undefined;
  const words = line.slice('go version '.length).trim().split(/\s+/);
  const first = words[0];
  if (first === undefined || first === '') return undefined;
  const last = words[words.length - 1]!;
  const platform = words.length > 1 && /^[a-z0-9]+\/[a-z0-9]+$/.test(last) ? last : undefined;
  const versionWords = first === 'devel' ? 2 : 1;
  const version = words.slice(0, versionWords).join(' ');
  const extras = words.slice(versionWords, platform === undefined ? words.length : -1);
  return { version, extras, ...(platform ? { platform } : {}) };
}

/** Why `go env -json` output could not be read, or the variables it printed. */
export type GoEnvParse =
  | { readonly ok: true; readonly vars: Readonly<Record<string, string>> }
  | { readonly ok: false; readonly problem: string };

/** Reads `go env -json` output: an object of strings, nothing else. */
export function parseGoEnvJson(stdout: string): GoEnvParse {
  let parsed: unknown;
  try {
    parsed = JSON.parse(stdout);
  } catch {
    return { ok: false, problem: `go env printed no JSON: ${firstLine(stdout)}` };
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    return { ok: false, problem: `go env printed no JSON object: ${firstLine(stdout)}` };
  }
  const vars: Record<string, string> = {};
  for (const [k, v] of Object.entries(parsed)) {
    if (typeof v !== 'string') return { ok: false, problem: `go env gave ${k} a non-string value` };
    vars[k] = v;
  }
  return { ok: true, vars };
}

export interface GoRunOptions {
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly cwd?: string;
}

/** Runs `goBinary env -json keys…`; throws an Error saying what failed. */
export async function goEnv(
  goBinary: string,
  keys: readonly string[],
  options: GoRunOptions,
): Promise<Readonly<Record<string, string>>> {
  const out = await run(goBinary, ['env', '-json', ...keys], {
    env: { ...options.env },
    ...(options.cwd !== undefined ? { cwd: options.cwd } : {}),
  });
  if (out.code !== 0) {
    throw new Error(
      `${goBinary} env failed (exit ${out.code}): ${firstLine(out.stderr || out.stdout)}`,
    );
  }
  const parsed = parseGoEnvJson(out.stdout);
  if (!parsed.ok) throw new Error(`${goBinary}: ${parsed.problem}`);
  return parsed.vars;
}
