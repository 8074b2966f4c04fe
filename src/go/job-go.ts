/**
 * The Go toolchain a step runs with: the first `go` on PATH, asked about itself with
 * `go env -json`. Steps after the setup action find it there.
 */
import * as path from 'node:path';
import { InputError } from '../errors.js';
import { run } from '../process.js';

export interface JobGo {
  /** The toolchain's own go binary (GOROOT/bin/go), so later PATH changes cannot swap it. */
  readonly go: string;
  /** `go1.26.11`. */
  readonly version: string;
  /** GOHOSTOS / GOHOSTARCH: where the toolchain runs. */
  readonly os: string;
  readonly arch: string;
  readonly goroot: string;
  /** CGO_ENABLED as the go command resolves it (off when no C compiler is found). */
  readonly cgo: boolean;
}

interface GoEnvJson {
  GOVERSION: string;
  GOHOSTOS: string;
  GOHOSTARCH: string;
  GOROOT: string;
  CGO_ENABLED?: string;
}

export async function jobGo(env: NodeJS.ProcessEnv, cwd: string): Promise<JobGo> {
  let r;
  try {
    r = await run(
      'go',
      ['env', '-json', 'GOVERSION', 'GOHOSTOS', 'GOHOSTARCH', 'GOROOT', 'CGO_ENABLED'],
      { cwd, env },
    );
  } catch (err) {
    throw new InputError(
      `no usable go on PATH (${err instanceof Error ? err.message : String(err)}); run the setup action first`,
    );
  }
  if (r.code !== 0) throw new InputError(`\`go env\` failed: ${(r.stderr || r.stdout).trim()}`);
  const e = JSON.parse(r.stdout) as GoEnvJson;
  return {
    go: path.join(e.GOROOT, 'bin', e.GOHOSTOS === 'windows' ? 'go.exe' : 'go'),
    version: e.GOVERSION.split(' ')[0]!,
    os: e.GOHOSTOS,
    arch: e.GOHOSTARCH,
    goroot: e.GOROOT,
    cgo: e.CGO_ENABLED === '1',
  };
}
