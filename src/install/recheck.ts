/**
 * Re-checks a tool-cache entry before it is reused: the record must be ours and name this
 * version, and every executable must still hash to what was recorded at install, with no
 * executable added since. On a self-hosted runner the tool cache outlives jobs; a job that
 * swapped bin/go would otherwise hand its binary to every later job.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readdir } from 'node:fs/promises';
import * as path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { parseRecord, type VerificationRecord } from '../report/record.js';

export type RecheckResult =
  | { readonly ok: true; readonly record: VerificationRecord }
  | { readonly ok: false; readonly reason: string };

export async function recheckEntry(
  dir: string,
  rawRecord: unknown,
  expect: { version: string; arch: string },
): Promise<RecheckResult> {
  const record = parseRecord(rawRecord);
  if (!record) return { ok: false, reason: 'its verification record is missing or not ours' };
  if (record.go.version !== expect.version || record.go.arch !== expect.arch) {
    return {
      ok: false,
      reason: `its record is for ${record.go.version} ${record.go.arch}, not ${expect.version} ${expect.arch}`,
    };
  }
  const recorded = record.tree.executables;
  const present = await listExecutables(dir);
  const added = present.filter((name) => !(name in recorded));
  if (added.length > 0)
    return {
      ok: false,
      reason: `executables appeared after install: ${added.slice(0, 5).join(', ')}`,
    };

  const mismatches = await Promise.all(
    Object.entries(recorded).map(async ([name, want]) => {
      const got = await sha256File(path.join(dir, ...name.split('/'))).catch(() => 'missing');
      return got === want ? undefined : `${name} (${got === 'missing' ? 'missing' : 'changed'})`;
    }),
  );
  const bad = mismatches.filter((m): m is string => m !== undefined);
  if (bad.length > 0)
    return {
      ok: false,
      reason: `executables differ from the install: ${bad.slice(0, 5).join(', ')}`,
    };
  return { ok: true, record };
}

async function listExecutables(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const top of ['bin', path.join('pkg', 'tool')]) {
    const entries = await readdir(path.join(dir, top), {
      recursive: true,
      withFileTypes: true,
    }).catch(() => []);
    for (const e of entries) {
      if (!e.isFile() && !e.isSymbolicLink()) continue;
      // parentPath (Node ≥ 20.12) with the older `path` as a fallback.
      const parent =
        (e as { parentPath?: string; path?: string }).parentPath ??
        (e as { path?: string }).path ??
        '';
      out.push(path.relative(dir, path.join(parent, e.name)).split(path.sep).join('/'));
    }
  }
  return out;
}

async function sha256File(file: string): Promise<string> {
  const hash = createHash('sha256');
  await pipeline(createReadStream(file, { highWaterMark: 1024 * 1024 }), hash);
  return hash.digest('hex');
}
