/**
 * What the job's environment must look like once Go is installed, computed as a value
 * (pure) so the action, the CLI and tests apply or print the same plan.
 */
import * as path from 'node:path';

export interface EnvironmentPlan {
  /** Directories to put first on PATH, highest priority first. */
  readonly path: readonly string[];
  /** Variables to export. */
  readonly variables: Readonly<Record<string, string>>;
  /** Why each non-obvious change was made, for the log. */
  readonly notes: readonly string[];
}

export interface EnvironmentInput {
  /** The installed toolchain's root (the directory holding bin/go). */
  readonly goRoot: string;
  /** GOPATH as the installed go reports it (`go env GOPATH`). */
  readonly goPath: string;
  /** Value for GOTOOLCHAIN; empty leaves it alone. */
  readonly gotoolchain: string;
  /** The current environment, to detect values that would shadow the install. */
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly os: string;
}

export function planEnvironment(input: EnvironmentInput): EnvironmentPlan {
  const p = input.os === 'windows' ? path.win32 : path.posix;
  const goBin = p.join(input.goRoot, 'bin');
  const dirs = [goBin];
  const variables: Record<string, string> = {};
  const notes: string[] = [];

  // GOBIN wins over GOPATH/bin for `go install`; put whichever is used on PATH.
  const gobin = input.env['GOBIN'];
  const installDir = gobin ? gobin : p.join(firstGoPath(input.goPath, input.os), 'bin');
  // A relative entry would make PATH lookups depend on the current directory.
  if (p.isAbsolute(installDir)) dirs.push(installDir);
  else notes.push(`not adding ${JSON.stringify(installDir)} to PATH: it is not an absolute path`);

  if (input.gotoolchain) variables['GOTOOLCHAIN'] = input.gotoolchain;

  // Go finds its root from the binary's location; a GOROOT left over from another
  // install would make this go use the other tree's standard library.
  const goroot = input.env['GOROOT'];
  if (goroot && p.resolve(goroot) !== p.resolve(input.goRoot)) {
    variables['GOROOT'] = input.goRoot;
    notes.push(`GOROOT was ${goroot} (another Go); it now names the verified install`);
  }
  return { path: dirs, variables, notes };
}

/** GOPATH may be a list; `go install` writes into the first entry's bin. */
function firstGoPath(goPath: string, os: string): string {
  const sep = os === 'windows' ? ';' : ':';
  return goPath.split(sep).find((e) => e !== '') ?? goPath;
}

/** The PATH string that results from prepending the plan's directories. */
export function applyToPath(plan: EnvironmentPlan, currentPath: string, os: string): string {
  const sep = os === 'windows' ? ';' : ':';
  const rest = currentPath.split(sep).filter((e) => e !== '' && !plan.path.includes(e));
  return [...plan.path, ...rest].join(sep);
}

/** Shell lines that apply the plan, for `setup-go-verified install` outside GitHub. */
export function renderShellExports(plan: EnvironmentPlan, shell: 'sh' | 'pwsh'): string {
  const lines: string[] = [];
  if (shell === 'pwsh') {
    lines.push(`$env:PATH = "${plan.path.map(pwshEscape).join(';')};" + $env:PATH`);
    for (const [k, v] of Object.entries(plan.variables))
      lines.push(`$env:${k} = "${pwshEscape(v)}"`);
  } else {
    lines.push(`export PATH=${plan.path.map(shQuote).join(':')}:"$PATH"`);
    for (const [k, v] of Object.entries(plan.variables)) lines.push(`export ${k}=${shQuote(v)}`);
  }
  return lines.join('\n') + '\n';
}

function shQuote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

function pwshEscape(s: string): string {
  // PowerShell also ends a double-quoted string at typographic double quotes.
  return s.replace(/[`"$\u201C\u201D\u201E]/g, (c) => '`' + c);
}
