/**
 * The gate between an untrusted tar stream and the platform `tar` that writes the files.
 *
 * `push()` takes decompressed tar bytes and returns the bytes the child `tar` may receive.
 * Each 512-byte header is decoded with node-tar's `Header` (and pax records with its `Pax`),
 * checked by the {@link ArchivePolicy}, and then **re-encoded** from the checked values;
 * file data passes through unchanged (slices of the input, no copy).
 *
 * Why re-encode instead of forwarding the original header bytes: forwarding is only safe
 * if node-tar and GNU tar/bsdtar read every header the same way, and they do not (GNU tar
 * honours `GNU.sparse.name`, extracts unknown type flags as regular files, resynchronises
 * after a bad checksum by scanning for the next valid header inside file data, and ends an
 * archive at a lone zero block; bsdtar honours SCHILY/LIBARCHIVE keys). A re-encoded stream
 * contains only plain ustar headers (plus a pax `path`/`linkpath` record when a name does
 * not fit) carrying values we checked, so the child cannot see a member the policy did not
 * admit, whatever trick the original header played.
 *
 * Framing is our own and strict: a member is framed by the size we validated, the archive
 * ends at the first zero block (like GNU tar), anything but zeros after it is refused, and
 * input that ends before that block is a truncated archive.
 */
import { createHash, type Hash } from 'node:crypto';
import { Header, Pax, type HeaderData } from 'tar';
import { UnsafeArchiveError } from '../errors.js';
import { ArchivePolicy, type AdmittedMember, type MemberType } from './archive-policy.js';
import { ResultTally, type ExtractOptions, type ExtractResult } from './extract-result.js';

const BLOCK = 512;
const ZEROS = Buffer.alloc(2 * BLOCK);
/** pax and GNU long-name records are metadata: a path is at most a few KiB. */
const MAX_META_SIZE = 1024 * 1024;
/** Zero padding after the end-of-archive block (tar pads to its record size, ≤ 1 MiB in practice). */
const MAX_TRAILER = 16 * 1024 * 1024;
/** Largest mtime a 12-byte octal field holds. */
const MAX_OCTAL_TIME = 0o77777777777;

type GateOptions = Omit<ExtractOptions, 'signal'>;

type State =
  | { kind: 'header' }
  | {
      kind: 'meta';
      type: string;
      name: string;
      remaining: number;
      padding: number;
      chunks: Buffer[];
    }
  | {
      kind: 'body';
      name: string;
      member: AdmittedMember | undefined;
      size: number;
      remaining: number;
      padding: number;
      hash: Hash | undefined;
    }
  | { kind: 'trailer'; seen: number };

/** Pending values from pax `x` records and GNU `L`/`K` records for the next member. */
type Extended = Pick<HeaderData, 'path' | 'linkpath' | 'size' | 'mtime'>;

export class TarGate {
  private readonly policy: ArchivePolicy;
  private readonly tally: ResultTally;
  private state: State = { kind: 'header' };
  /** Bytes of a header block that straddles two chunks. */
  private partial: Buffer = Buffer.alloc(0);
  private extended: Extended | undefined;
  private global: Extended | undefined;
  private offset = 0;

  constructor(options: GateOptions = {}) {
    this.policy = new ArchivePolicy(options);
    this.tally = new ResultTally(options);
  }

  /**
   * Consumes the next decompressed bytes. Returns the bytes that may be passed on; throws
   * UnsafeArchiveError on a refused member, before any of its bytes were returned.
   */
  push(chunk: Buffer): Buffer[] {
    const out: Buffer[] = [];
    let pos = 0;
    while (pos < chunk.length) {
      const state = this.state;
      const available = chunk.length - pos;
      switch (state.kind) {
        case 'header': {
          let block: Buffer;
          if (this.partial.length === 0 && available >= BLOCK) {
            block = chunk.subarray(pos, pos + BLOCK);
            pos += BLOCK;
          } else {
            const take = Math.min(BLOCK - this.partial.length, available);
            this.partial = Buffer.concat([this.partial, chunk.subarray(pos, pos + take)]);
            pos += take;
            if (this.partial.length < BLOCK) continue;
            block = this.partial;
            this.partial = Buffer.alloc(0);
          }
          this.header(block, out);
          this.offset += BLOCK;
          break;
        }
        case 'meta': {
          const take = Math.min(available, state.remaining + state.padding);
          const data = Math.min(take, state.remaining);
          if (data > 0) state.chunks.push(Buffer.from(chunk.subarray(pos, pos + data)));
          state.remaining -= data;
          state.padding -= take - data;
          pos += take;
          this.offset += take;
          if (state.remaining === 0 && state.padding === 0) this.metaDone(state);
          break;
        }
        case 'body': {
          const take = Math.min(available, state.remaining + state.padding);
          const data = Math.min(take, state.remaining);
          if (data > 0 && state.member) {
            const slice = chunk.subarray(pos, pos + data);
            state.hash?.update(slice);
            out.push(slice);
          }
          state.remaining -= data;
          state.padding -= take - data;
          pos += take;
          this.offset += take;
          if (state.remaining === 0 && state.padding === 0) this.bodyDone(state, out);
          break;
        }
        case 'trailer': {
          const rest = chunk.subarray(pos);
          if (rest.some((b) => b !== 0)) {
            throw new UnsafeArchiveError(
              '(end of archive)',
              `data after the end-of-archive block at offset ${this.offset}`,
            );
          }
          state.seen += rest.length;
          if (state.seen > MAX_TRAILER) {
            throw new UnsafeArchiveError(
              '(end of archive)',
              `more than ${MAX_TRAILER} bytes of padding after the end`,
            );
          }
          pos = chunk.length;
          break;
        }
      }
    }
    return out;
  }

  /** End of input: returns the end-of-archive blocks for the child, or throws when truncated. */
  end(): Buffer[] {
    const state = this.state;
    if (state.kind === 'trailer') return [ZEROS];
    if (state.kind === 'body' || state.kind === 'meta') {
      throw new Error(
        `truncated tar archive: input ends inside member ${JSON.stringify(state.name)} (${state.remaining} bytes missing)`,
      );
    }
    throw new Error(
      `truncated tar archive: input ends at offset ${this.offset + this.partial.length} without an end-of-archive block`,
    );
  }

  result(): ExtractResult {
    return this.tally.result;
  }

  private header(block: Buffer, out: Buffer[]): void {
    if (isZero(block)) {
      if (this.extended)
        throw new UnsafeArchiveError('(end of archive)', 'extended header without a member');
      this.state = { kind: 'trailer', seen: 0 };
      return;
    }
    const header = new Header(block, 0, this.extended, this.global);
    const name = header.path ?? '';
    if (!header.cksumValid) {
      throw new UnsafeArchiveError(
        name,
        `bad header checksum at offset ${this.offset} (corrupt or not a tar archive)`,
      );
    }
    const typeKey = header.typeKey;
    const size = header.size;
    if (size === undefined || !Number.isSafeInteger(size) || size < 0) {
      throw new UnsafeArchiveError(name, 'invalid size field');
    }
    switch (typeKey) {
      case 'x':
      case 'g':
      case 'L':
      case 'K':
        if (size > MAX_META_SIZE)
          throw new UnsafeArchiveError(name, `metadata record of ${size} bytes`);
        this.state = {
          kind: 'meta',
          type: typeKey,
          name,
          remaining: size,
          padding: pad(size),
          chunks: [],
        };
        if (size === 0) this.metaDone(this.state);
        return;
      default:
        break;
    }

    const type = memberType(typeKey);
    if (type === undefined) {
      throw new UnsafeArchiveError(
        name,
        `unsupported member type ${JSON.stringify(typeKey === 'Unsupported' ? String.fromCharCode(block[156] ?? 0) : typeKey)}`,
      );
    }
    // node-tar zeroes the size of directories; a directory carrying data is not well formed.
    if (type === 'directory' && storesData(block)) {
      throw new UnsafeArchiveError(name, 'directory member carries data');
    }
    const mode = header.mode;
    if (mode === undefined || !Number.isSafeInteger(mode) || mode < 0) {
      throw new UnsafeArchiveError(name, 'invalid mode field');
    }
    this.extended = undefined;
    const member = this.policy.admit({
      name,
      type,
      size,
      mode,
      linkTarget: type === 'symlink' || type === 'hardlink' ? header.linkpath : undefined,
    });
    if (!member) {
      this.tally.skipped();
    } else {
      out.push(...encodeMember(member, header.mtime));
    }
    if (type !== 'file') {
      if (member) this.tally.linkOrDirectory(member);
      this.state = { kind: 'header' };
      return;
    }
    const hash = member && this.tally.shouldHash(member) ? createHash('sha256') : undefined;
    const body = {
      kind: 'body' as const,
      name,
      member,
      size,
      remaining: size,
      padding: pad(size),
      hash,
    };
    this.state = body;
    if (size === 0) this.bodyDone(body, out);
  }

  private metaDone(state: Extract<State, { kind: 'meta' }>): void {
    const data = Buffer.concat(state.chunks);
    this.state = { kind: 'header' };
    if (state.type === 'L' || state.type === 'K') {
      const value = data.toString('utf8').replace(/\0[^]*$/, '');
      const key = state.type === 'L' ? 'path' : 'linkpath';
      this.extended = { ...this.extended, [key]: value };
      return;
    }
    const text = data.toString('utf8');
    // Sparse files store a map, not their contents; a GNU.sparse.name even renames the member.
    if (/(^|\n)\d+ GNU\.sparse\./.test(text)) {
      throw new UnsafeArchiveError(
        state.name,
        'sparse files (GNU.sparse pax records) are not supported',
      );
    }
    const pax = Pax.parse(text, undefined, state.type === 'g');
    const values: Extended = {};
    if (pax.path !== undefined) values.path = pax.path;
    if (pax.linkpath !== undefined) values.linkpath = pax.linkpath;
    if (pax.size !== undefined) values.size = pax.size;
    if (pax.mtime !== undefined) values.mtime = pax.mtime;
    if (state.type === 'g') {
      if (values.path !== undefined || values.linkpath !== undefined || values.size !== undefined) {
        throw new UnsafeArchiveError(state.name, 'global pax header sets path, linkpath or size');
      }
      this.global = { ...this.global, ...values };
    } else {
      this.extended = { ...this.extended, ...values };
    }
  }

  private bodyDone(state: Extract<State, { kind: 'body' }>, out: Buffer[]): void {
    this.state = { kind: 'header' };
    if (!state.member) return;
    const padding = pad(state.size);
    if (padding > 0) out.push(ZEROS.subarray(0, padding));
    this.tally.file(state.member, state.size, state.hash?.digest('hex'));
  }
}

function memberType(typeKey: string): MemberType | undefined {
  switch (typeKey) {
    case '0':
    case '':
    case '7':
      return 'file';
    case '1':
      return 'hardlink';
    case '2':
      return 'symlink';
    case '3':
      return 'character-device';
    case '4':
      return 'block-device';
    case '5':
      return 'directory';
    case '6':
      return 'fifo';
    default:
      return undefined;
  }
}

const TYPE_NAMES = {
  file: 'File',
  directory: 'Directory',
  symlink: 'SymbolicLink',
  hardlink: 'Link',
} as const;

/** A plain ustar header (and a pax record when a name does not fit) from checked values only. */
function encodeMember(member: AdmittedMember, mtime: Date | undefined): Buffer[] {
  // An unparsable pax mtime gives an Invalid Date: fall back to 0 rather than write NaN.
  const ms = mtime?.getTime();
  const seconds = ms !== undefined && Number.isFinite(ms) ? Math.floor(ms / 1000) : 0;
  const time = new Date(Math.min(Math.max(seconds, 0), MAX_OCTAL_TIME) * 1000);
  const path = member.type === 'directory' ? `${member.name}/` : member.name;
  const header = new Header({
    path,
    // Canonical permissions: the child applies the umask; no owner, no special bits.
    mode:
      member.type === 'file'
        ? member.executable
          ? 0o755
          : 0o644
        : member.type === 'directory'
          ? 0o755
          : 0o777,
    uid: 0,
    gid: 0,
    uname: '',
    gname: '',
    size: member.type === 'file' ? member.size : 0,
    mtime: time,
    type: TYPE_NAMES[member.type],
    linkpath: member.linkTarget,
  });
  const needPax = header.encode();
  const block = header.block;
  if (!block) throw new Error('node-tar did not encode a header');
  if (!needPax) return [block];
  // The pax block's own numeric fields are left empty by node-tar unless given; GNU tar
  // reads an empty mtime as -1 and warns, so fill them.
  return [
    new Pax({ path, linkpath: member.linkTarget, mtime: time, uid: 0, gid: 0 }).encode(),
    block,
  ];
}

function pad(size: number): number {
  return (BLOCK - (size % BLOCK)) % BLOCK;
}

function isZero(block: Buffer): boolean {
  return ZEROS.subarray(0, BLOCK).equals(block);
}

/** Whether the size field as stored is non-zero (node-tar reports 0 for every directory). */
function storesData(block: Buffer): boolean {
  const field = block.subarray(124, 136);
  // base-256: any bit set besides the marker means a non-zero (or negative) size.
  if ((field[0] ?? 0) & 0x80) return field.some((b, i) => (i === 0 ? b !== 0x80 : b !== 0));
  return /[1-7]/.test(field.toString('latin1').replace(/\0[^]*$/, ''));
}
