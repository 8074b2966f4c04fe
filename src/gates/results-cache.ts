/**
 * Gate results keyed by everything that decides them, the way `go test` caches test results:
 * a gate that already ran on exactly these inputs reports what it found then, without
 * running the tool. The inputs are the content of every file of the module (and of the
 * workspace modules and local `replace` directories it builds with), the tool's identity
 * (version, and the Go that built it or the archive's hash), the Go version, the settings
 * and the environment variables that change what a build sees. Dependencies from the module
 * proxy need no hashing: go.sum pins their content, and go.sum is part of the module.
 *
 * Only clean runs are stored: a tool failure is never replayed.
 */
import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, rename, stat, utimes, writeFile, rm } from 'node:fs/promises';
import * as path from 'node:path';
import type { Finding, GateName } from './finding.js';

/** Bumped when the stored format or what the key covers changes. */
const FORMAT = 'setup-go-verified gate results v1';
/** Entries not used for this long are removed when new ones are written. */
const MAX_AGE_MS = 7 * 24 * 3600 * 1000;

/** Variables that change which files build or how they type-check. */
export const BUILD_ENV = [
  'GOOS',
  'GOARCH',
  'CGO_ENABLED',
  'GOFLAGS',
  'GOEXPERIMENT',
  'GOAMD64',
  'GOARM',
  'GOARM64',
  'GO386',
  'GORISCV64',
  'GOPPC64',
  'GOMIPS',
  'GOMIPS64',
  'GOWASM',
  'GOWORK',
  'GO111MODULE',
  'CC',
  'CGO_CFLAGS',
  'CGO_CPPFLAGS',
  'CGO_LDFLAGS',
] as const;

/** Directories whose content cannot change a gate's result. */
const SKIP = new Set(['.git', 'node_modules']);

/** SHA-256 of one file's content, or `absent` when it cannot be read (no such file). */
export async function fileDigest(file: string): Promise<string> {
  try {
    return createHash('sha256')
      .update(await readFile(file))
      .digest('hex');
  } catch {
    return 'absent';
  }
}

/**
 * SHA-256 over the sorted relative paths, sizes and contents of the files under `dir`, not
 * entering hidden directories, node_modules or nested modules (their own key covers them).
 */
export async function treeFingerprint(dir: string): Promise<string> {
  const files: string[] = [];
  const walk = async (d: string, top: boolean): Promise<void> => {
    const entries = await readdir(d, { withFileTypes: true });
    if (!top && entries.some((e) => e.isFile() && e.name === 'go.mod')) return;
    for (const e of entries) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) {
        if (!SKIP.has(e.name) && !e.name.startsWith('.')) await walk(p, false);
      } else if (e.isFile()) {
        files.push(p);
      }
    }
  };
  await walk(dir, true);
  files.sort();
  const h = createHash('sha256');
  for (const f of files) {
    const content = await readFile(f);
    const rel = path.relative(dir, f).split(path.sep).join('/');
    h.update(`${rel}\0${content.length}\0`);
    h.update(content);
  }
  return h.digest('hex');
}

export interface ResultKeyParts {
  readonly gate: GateName;
  /** Tool version plus what pins its bytes (the building Go, the archive SHA-256). */
  readonly tool: string;
  readonly goVersion: string;
  /** Fingerprints of the module and everything local it builds with. */
  readonly trees: readonly string[];
  /** Settings that change the result: tags, checks, args, config content, patterns. */
  readonly settings: readonly string[];
  readonly env: Readonly<Record<string, string | undefined>>;
}

export function resultKey(parts: ResultKeyParts): string {
  const h = createHash('sha256');
  const line = (s: string) => h.update(`${s.length}:${s}\n`);
  line(FORMAT);
  line(parts.gate);
  line(parts.tool);
  line(parts.goVersion);
  for (const t of parts.trees) line(t);
  line(`settings ${parts.settings.length}`);
  for (const s of parts.settings) line(s);
  for (const k of BUILD_ENV) line(`${k}=${parts.env[k] ?? ''}`);
  return h.digest('hex');
}

export interface StoredOutcome {
  readonly findings: Finding[];
  readonly diffs?: Record<string, string>;
}

export class ResultsCache {
  constructor(readonly dir: string) {}

  private file(key: string): string {
    return path.join(this.dir, key.slice(0, 2), `${key}.json`);
  }

  async get(key: string): Promise<StoredOutcome | undefined> {
    const file = this.file(key);
    try {
      const parsed = JSON.parse(await readFile(file, 'utf8')) as {
        format?: string;
        outcome?: StoredOutcome;
      };
      if (parsed.format !== FORMAT || !Array.isArray(parsed.outcome?.findings)) return undefined;
      // Mark it used, so pruning keeps what is still hit.
      const now = new Date();
      await utimes(file, now, now).catch(() => undefined);
      return parsed.outcome;
    } catch {
      return undefined;
    }
  }

  async put(key: string, outcome: StoredOutcome): Promise<void> {
    const file = this.file(key);
    await mkdir(path.dirname(file), { recursive: true });
    const tmp = `${file}.tmp-${process.pid}-${Math.random().toString(36).slice(2)}`;
    await writeFile(tmp, JSON.stringify({ format: FORMAT, outcome }));
    await rename(tmp, file);
  }

  /** Removes entries unused for a week; never fails the gates. */
  async prune(now = Date.now()): Promise<number> {
    let removed = 0;
    const dirs = await readdir(this.dir).catch(() => [] as string[]);
    for (const d of dirs) {
      const sub = path.join(this.dir, d);
      for (const name of await readdir(sub).catch(() => [] as string[])) {
        const p = path.join(sub, name);
        const s = await stat(p).catch(() => undefined);
        if (s && now - s.mtimeMs > MAX_AGE_MS) {
          await rm(p, { force: true });
          removed++;
        }
      }
    }
    return removed;
  }
}
