/**
 * One `go` binary: what `go version` says about it, and what installed it, judged from where
 * it lives (snap, distribution package, Homebrew, by hand).
 */
import * as path from 'node:path';
import { parseGoVersion } from '../go/go-command.js';
import type { Platform } from '../platform.js';
import { toSemver } from '../versions/index.js';
import type { GoOnPath } from './facts.js';

export function firstLine(s: string): string {
  return s.trim().split(/\r?\n/)[0] ?? '';
}

/** Parses `go version` output: `go version go1.22.5 linux/amd64`, `go version go1.22.5
 * X:boringcrypto linux/amd64`, `go version devel go1.24-abc123 Tue … linux/amd64`. */
export function parseGoVersionOutput(stdout: string): { version?: string; platform?: string } {
  const parsed = parseGoVersion(stdout);
  if (parsed === undefined) return {};
  return { version: parsed.version, ...(parsed.platform ? { platform: parsed.platform } : {}) };
}

/** Semver for a Go version as `go version` prints it, ignoring vendor suffixes
 * (`go1.21.3-corp`); undefined for development builds. */
export function goVersionSemver(version: string | undefined): string | undefined {
  if (version === undefined) return undefined;
  const m = /^go\d+(?:\.\d+){0,2}(?:(?:alpha|beta|rc)\d+)?/.exec(version);
  return m ? toSemver(m[0]) : undefined;
}

export type GoInstallKind = 'snap' | 'distro' | 'homebrew' | 'other';

/** What installed a go binary, judged from where it lives. */
export function classifyGoInstall(goPath: string, resolved: string): GoInstallKind {
  const p = goPath.replace(/\\/g, '/');
  const r = resolved.replace(/\\/g, '/');
  if (p.startsWith('/snap/') || r.startsWith('/snap/') || r === '/usr/bin/snap') return 'snap';
  if (
    /^\/usr\/lib(?:64)?\/(?:go|golang)(?:-\d+(?:\.\d+)*)?\/bin\/go$/.test(r) ||
    r === '/usr/bin/go' ||
    r === '/bin/go'
  ) {
    return 'distro';
  }
  if (/^(?:\/opt\/homebrew|\/usr\/local\/Cellar|\/home\/linuxbrew\/\.linuxbrew)\//.test(r)) {
    return 'homebrew';
  }
  return 'other';
}

export const KIND_LABEL: Record<GoInstallKind, string> = {
  snap: 'snap package',
  distro: 'distribution package',
  homebrew: 'Homebrew',
  other: '',
};

/** How to uninstall a packaged go, as precisely as its location tells. */
export function removalHint(g: GoOnPath): string | undefined {
  const kind = classifyGoInstall(g.path, g.resolved);
  if (kind === 'snap') return '`sudo snap remove go`';
  if (kind !== 'distro') return undefined;
  const m = /\/usr\/lib\/go-(\d+\.\d+)\//.exec(g.resolved);
  if (m) return `\`sudo apt remove golang-${m[1]}-go golang-go\``;
  if (g.resolved.includes('/golang/')) return '`sudo dnf remove golang`';
  return 'the package manager (`sudo apt remove golang-go`, `sudo dnf remove golang`, `apk del go`, `sudo pacman -R go`)';
}

export function describeGo(g: GoOnPath): string {
  const kind = KIND_LABEL[classifyGoInstall(g.path, g.resolved)];
  const parts = [g.version ?? (g.error ? 'does not run' : 'version unknown')];
  if (kind) parts.push(kind);
  const where = g.resolved !== g.path ? `${g.path} → ${g.resolved}` : g.path;
  return `${where} (${parts.join(', ')})`;
}

export function goDir(g: GoOnPath, host: Platform): string {
  return (host.os === 'windows' ? path.win32 : path.posix).dirname(g.path);
}
