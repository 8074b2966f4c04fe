/**
 * The Go toolchain a step runs with: the first `go` on PATH, asked about itself with
 * `go env -json`. Steps after the setup action find it there.
 */
import * as path from 'node:path';
import { InputError } from '../errors.js';
import { goEnv } from './go-command.js';

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

export async function jobGo(env: NodeJS.ProcessEnv, cwd: string): Promise<JobGo> {
  let e: Readonly<Record<string, string>>;
  try {
    e = await goEnv('go', ['GOVERSION', 'GOHOSTOS', 'GOHOSTARCH', 'GOROOT', 'CGO_ENABLED'], {
      env,
      cwd,
    });
  } catch (err) {
    throw new InputError(
      `no usable go on PATH (${err instanceof Error ? err.message : String(err)}); run the setup action first`,
    );
  }
  const goroot = e['GOROOT'] ?? '';
  const os = e['GOHOSTOS'] ?? '';
  return {
    go: path.join(goroot, 'bin', os === 'windows' ? 'go.exe' : 'go'),
    version: (e['GOVERSION'] ?? '').split(' ')[0]!,
    os,
    arch: e['GOHOSTARCH'] ?? '',
    goroot,
    cgo: e['CGO_ENABLED'] === '1',
  };
}
