import { describe, expect, it } from '@jest/globals';
import { createHash, randomBytes } from 'node:crypto';
import { Header } from 'tar';
import { UnsafeArchiveError } from '../errors.js';
import { TarGate } from './tar-gate.js';

/** A minimal ustar member; the gate tests need only files, directories and pax records. */
function member(name: string, data: Buffer | string = '', type = '0', mode = 0o644): Buffer {
  const body = typeof data === 'string' ? Buffer.from(data) : data;
  const header = new Header({
    path: name,
    mode,
    size: body.length,
    type:
      type === '5'
        ? 'Directory'
        : type === 'x'
          ? 'ExtendedHeader'
          : type === 'g'
            ? 'GlobalExtendedHeader'
            : 'File',
    mtime: new Date(1_700_000_000_000),
    uid: 0,
    gid: 0,
  });
  header.encode();
  return Buffer.concat([
    header.block as Buffer,
    body,
    Buffer.alloc((512 - (body.length % 512)) % 512),
  ]);
}

/** One pax record: "<length> key=value\n", where the length counts itself. */
function rec(key: string, value: string): string {
  const rest = ` ${key}=${value}\n`;
  let len = Buffer.byteLength(rest) + 1;
  while (String(len).length + Buffer.byteLength(rest) !== len) len += 1;
  return `${len}${rest}`;
}

function pax(records: string, type = 'x'): Buffer {
  return member('PaxHeader/p', records, type);
}

const END = Buffer.alloc(1024);

/** Pushes `bytes` in chunks of the given sizes (cycled), collecting output until a throw. */
function feed(gate: TarGate, bytes: Buffer, sizes: number[]): { out: Buffer; error?: unknown } {
  const parts: Buffer[] = [];
  let pos = 0;
  let i = 0;
  try {
    while (pos < bytes.length) {
      const n = sizes[i++ % sizes.length] ?? 1;
      parts.push(...gate.push(bytes.subarray(pos, pos + n)));
      pos += n;
    }
    parts.push(...gate.end());
  } catch (error) {
    return { out: Buffer.concat(parts), error };
  }
  return { out: Buffer.concat(parts) };
}

describe('TarGate', () => {
  const data = randomBytes(70_000);
  const archive = Buffer.concat([
    member('go/', '', '5', 0o755),
    member('go/bin/tool', data, '0', 0o755),
    member('go/empty', ''),
    pax(rec('path', 'go/ünïcödé-name.txt')),
    member('go/short', 'pax named'),
    END,
  ]);

  it('gives the same output and hashes whatever the chunk boundaries', () => {
    const reference = feed(new TarGate({ hashFiles: true }), archive, [archive.length]);
    expect(reference.error).toBeUndefined();
    for (const sizes of [[1], [511, 513], [7, 1000, 3], [4096]]) {
      const gate = new TarGate({ hashFiles: true });
      const run = feed(gate, archive, sizes);
      expect(run.error).toBeUndefined();
      expect(run.out.equals(reference.out)).toBe(true);
      const result = gate.result();
      expect(result.hashes?.get('go/bin/tool')).toBe(
        createHash('sha256').update(data).digest('hex'),
      );
      expect(result.hashes?.get('go/empty')).toBe(createHash('sha256').digest('hex'));
      expect([...(result.hashes?.keys() ?? [])]).toContain('go/ünïcödé-name.txt');
      expect(result).toMatchObject({ files: 3, directories: 1, bytes: data.length + 9 });
    }
  });

  it('re-encodes headers: canonical modes, no owner, the same file bytes', () => {
    const { out } = feed(new TarGate({}), archive, [archive.length]);
    const first = new Header(out, 512);
    expect(first.path).toBe('go/bin/tool');
    expect(first.mode).toBe(0o755);
    expect(first.uid).toBe(0);
    expect(out.subarray(1024, 1024 + data.length).equals(data)).toBe(true);
  });

  it.each([[1], [100], [512], [65_536]])(
    'never outputs a byte of a refused member (chunks of %i)',
    (size) => {
      const bad = member('go/../../escape', 'EVIL-PAYLOAD');
      const bytes = Buffer.concat([
        archive.subarray(0, archive.length - 1024),
        bad,
        member('go/after', 'AFTER'),
        END,
      ]);
      const run = feed(new TarGate({}), bytes, [size]);
      expect(run.error).toBeInstanceOf(UnsafeArchiveError);
      expect(run.out.includes('escape')).toBe(false);
      expect(run.out.includes('EVIL-PAYLOAD')).toBe(false);
      expect(run.out.includes('go/after')).toBe(false);
    },
  );

  it('refuses global pax headers that set a path, and dangling extended headers', () => {
    const global = Buffer.concat([pax(rec('path', 'go/anything'), 'g'), member('go/x', 'x'), END]);
    expect(feed(new TarGate({}), global, [512]).error).toMatchObject({
      reason: 'global pax header sets path, linkpath or size',
    });
    const dangling = Buffer.concat([member('go/x', 'x'), pax(rec('path', 'go/y')), END]);
    expect(feed(new TarGate({}), dangling, [512]).error).toMatchObject({
      reason: 'extended header without a member',
    });
  });

  it('frames members by the pax size, like tar does', () => {
    const body = Buffer.alloc(600, 0x61);
    const bytes = Buffer.concat([
      pax(rec('size', '600')),
      member('go/sized', body).subarray(0, 512),
      body,
      Buffer.alloc(424),
      END,
    ]);
    // The ustar size field says 600 too here; now lie in it and let pax win.
    const header = new Header({
      path: 'go/sized',
      mode: 0o644,
      size: 0,
      type: 'File',
      mtime: new Date(0),
    });
    header.encode();
    const lying = Buffer.concat([
      pax(rec('size', '600')),
      header.block as Buffer,
      body,
      Buffer.alloc(424),
      END,
    ]);
    for (const input of [bytes, lying]) {
      const gate = new TarGate({});
      const run = feed(gate, input, [300]);
      expect(run.error).toBeUndefined();
      expect(gate.result()).toMatchObject({ files: 1, bytes: 600 });
    }
  });
});
