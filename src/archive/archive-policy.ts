/**
 * What may come out of an archive. Pure logic: the tar and zip extractors describe each
 * member's header to an {@link ArchivePolicy} *before* any of its bytes reach the disk,
 * and the policy either refuses it (throws UnsafeArchiveError), skips it (name mapping),
 * or returns the checked, normalised member the extractor is allowed to write.
 *
 * The policy keeps a map of every path seen so far, so it can refuse members that would be
 * written through an earlier symlink, hardlinks to things that are not earlier regular
 * files, and names that collide on case-insensitive file systems (macOS, Windows). With
 * `moduleFileNames` it also holds names to the rules of Go module zips: valid module file
 * paths, and no two equal under Go's case folding.
 */
import { UnsafeArchiveError } from '../errors.js';
import { filePathProblem, foldKey as goFoldKey } from '../verify/module-file-path.js';

export interface ArchiveLimits {
  /** Most members (of any kind, including skipped ones) an archive may have. */
  maxEntries: number;
  /** Largest unpacked size of a single file, in bytes. */
  maxEntrySize: number;
  /** Largest unpacked size of all files together, in bytes. */
  maxTotalSize: number;
}

/** A Go toolchain is ~12k files and ~500 MB unpacked; these leave ample room and stop bombs. */
export const DEFAULT_LIMITS: Readonly<ArchiveLimits> = Object.freeze({
  maxEntries: 200_000,
  maxEntrySize: 1024 ** 3,
  maxTotalSize: 4 * 1024 ** 3,
});

export type MemberType =
  | 'file'
  | 'directory'
  | 'symlink'
  | 'hardlink'
  | 'character-device'
  | 'block-device'
  | 'fifo'
  | 'socket';

/** A member as the archive describes it, before any check. */
export interface MemberHeader {
  /** The member's name as stored in the archive ('/'-separated). */
  name: string;
  type: MemberType;
  /** Unpacked size of the member's data (0 for links and directories). */
  size: number;
  /** Permission bits from the archive (tar mode, zip unix attributes); undefined when none are stored. */
  mode?: number;
  /** Symlink target as stored, or the archive name of a hardlink's target. */
  linkTarget?: string;
}

/** A member the policy accepts, with the name it is written under. */
export interface AdmittedMember {
  /** Name in the archive, normalised (no `.` or empty components, no trailing `/`). */
  archiveName: string;
  /** Relative '/'-separated path under the destination directory. */
  name: string;
  type: 'file' | 'directory' | 'symlink' | 'hardlink';
  size: number;
  /** Files only: whether to create it 0o755 rather than 0o644. */
  executable: boolean;
  /** symlink: target in normal form (leading `..` only); hardlink: destination name of the target. */
  linkTarget?: string;
}

export interface ArchivePolicyOptions {
  limits?: Partial<ArchiveLimits>;
  /**
   * Every member must be this directory or lie under it, e.g. `go` for go.dev archives or
   * `golang.org/toolchain@v0.0.1-go1.22.5.linux-amd64` for module-proxy zips. A stray member
   * outside it is refused.
   */
  requiredPrefix?: string;
  /** Write members without `requiredPrefix` (the prefix directory itself is then skipped). */
  stripPrefix?: boolean;
  /**
   * Every member name (and hard link target) must start with exactly this text, which is
   * removed before any other check: the prefix of archives that name members relative to
   * another directory, such as `../../go/pkg/mod` in @actions/cache entries. It may hold
   * `..` components; what follows it may not. A member outside it is refused.
   */
  memberPrefix?: string;
  /**
   * Last step of the name mapping, after the prefix is stripped: returns the name to write,
   * or null to skip the member. The result is checked like any archive name.
   */
  rename?: (name: string) => string | null;
  /** Decides executability for archives without modes (module zips); ORed with the mode's x bits. */
  isExecutable?: (name: string) => boolean;
  /** Symlinks are validated and allowed unless this is false. */
  allowSymlinks?: boolean;
  /** Hardlinks (to earlier regular files) are allowed unless this is false. */
  allowHardlinks?: boolean;
  /**
   * Names written must be valid Go module file paths (filePathProblem) and no two may be
   * equal under Go's case folding (foldKey): what a Go toolchain archive or module zip holds.
   */
  moduleFileNames?: boolean;
}

interface PathNode {
  name: string;
  type: AdmittedMember['type'];
}

/** An earlier path a name collides with, found under the file system's or Go's folding. */
interface Collision {
  node: PathNode;
  how: 'file-system' | 'go';
}

/** How `name` collides with `found` when the names differ, for a refusal message. */
function howCollides(found: Collision, name: string): string {
  if (found.node.name === name) return '';
  return found.how === 'file-system'
    ? ' on case-insensitive file systems'
    : " under Go's case folding";
}

/** Stateful checker for one archive; feed it members in archive order. */
export class ArchivePolicy {
  readonly limits: Readonly<ArchiveLimits>;
  private readonly prefix: string[] | undefined;
  /** Every path seen, by its case-insensitive file system key (foldKey). */
  private readonly nodes = new Map<string, PathNode>();
  /** With moduleFileNames: every path seen again, by Go's case-folding key. */
  private readonly goNodes = new Map<string, PathNode>();
  private entries = 0;
  private total = 0;

  constructor(private readonly options: ArchivePolicyOptions = {}) {
    this.limits = { ...DEFAULT_LIMITS, ...definedOnly(options.limits) };
    if (options.requiredPrefix !== undefined) {
      const problem = nameProblem(options.requiredPrefix);
      if (problem)
        throw new Error(
          `invalid requiredPrefix ${JSON.stringify(options.requiredPrefix)}: ${problem}`,
        );
      this.prefix = components(options.requiredPrefix);
      if (this.prefix.length === 0) throw new Error('requiredPrefix must name a directory');
    }
  }

  /** Bytes of file data admitted so far. */
  get totalSize(): number {
    return this.total;
  }

  /**
   * Checks one member. Returns what to write, or undefined when the name mapping skips it.
   * Throws UnsafeArchiveError when the member must not be extracted (the whole archive then
   * has to be refused: later members may depend on this one).
   */
  admit(header: MemberHeader): AdmittedMember | undefined {
    const refuse = (reason: string): never => {
      throw new UnsafeArchiveError(header.name, reason);
    };
    this.entries += 1;
    if (this.entries > this.limits.maxEntries)
      refuse(`archive has more than ${this.limits.maxEntries} members`);

    const rawName = this.withoutMemberPrefix(header.name, refuse);
    const rawProblem = nameProblem(rawName);
    if (rawProblem) refuse(rawProblem);

    switch (header.type) {
      case 'character-device':
      case 'block-device':
        refuse('device files are not allowed');
        break;
      case 'fifo':
      case 'socket':
        refuse(`${header.type} members are not allowed`);
        break;
      case 'symlink':
        if (this.options.allowSymlinks === false) refuse('symbolic links are not allowed');
        break;
      case 'hardlink':
        if (this.options.allowHardlinks === false) refuse('hard links are not allowed');
        break;
      default:
        break;
    }
    if (header.mode !== undefined && (header.mode & 0o7000) !== 0) {
      refuse(`setuid, setgid or sticky bit set (mode ${(header.mode & 0o7777).toString(8)})`);
    }
    if (!Number.isSafeInteger(header.size) || header.size < 0)
      refuse(`invalid size ${header.size}`);
    if (header.type === 'file') {
      if (header.size > this.limits.maxEntrySize) {
        refuse(
          `size ${header.size} exceeds the limit of ${this.limits.maxEntrySize} bytes per file`,
        );
      }
      // Skipped members count too: their bytes still have to be decompressed.
      this.total += header.size;
      if (this.total > this.limits.maxTotalSize) {
        refuse(`unpacked size exceeds the limit of ${this.limits.maxTotalSize} bytes`);
      }
    } else if (header.size !== 0) {
      refuse(`${header.type} member carries ${header.size} bytes of data`);
    }

    const archiveParts = components(rawName);
    if (archiveParts.length === 0) {
      // "./" – the destination directory itself.
      if (header.type === 'directory') return undefined;
      refuse('member has an empty name');
    }
    const archiveName = archiveParts.join('/');
    const mapped = this.mapName(archiveParts, header.type === 'directory', refuse);
    if (mapped === undefined) return undefined;
    const parts = components(mapped);
    const name = parts.join('/');
    if (this.options.moduleFileNames) {
      const problem = filePathProblem(name);
      if (problem) refuse(`not a valid Go module file path: ${problem}`);
    }

    this.checkAncestors(parts, refuse);
    const found = this.lookup(name);
    if (found) {
      const { node } = found;
      // A directory may repeat; in a module zip only under exactly the same name.
      const repeatedDirectory =
        node.type === 'directory' &&
        header.type === 'directory' &&
        (node.name === name || !this.options.moduleFileNames);
      if (!repeatedDirectory) {
        const earlier = `${node.type} ${JSON.stringify(node.name)}`;
        refuse(`collides with earlier ${earlier}${howCollides(found, name)}`);
      }
    }

    const admitted: AdmittedMember = {
      archiveName,
      name,
      type: header.type as AdmittedMember['type'],
      size: header.size,
      executable: false,
    };
    if (header.type === 'file') {
      const modeX = header.mode !== undefined && (header.mode & 0o111) !== 0;
      admitted.executable = modeX || (this.options.isExecutable?.(name) ?? false);
    } else if (header.type === 'symlink') {
      admitted.linkTarget = symlinkTarget(header.linkTarget, parts.length - 1, refuse);
    } else if (header.type === 'hardlink') {
      admitted.linkTarget = this.hardlinkTarget(header.linkTarget, refuse);
    }
    this.remember({ name, type: admitted.type });
    return admitted;
  }

  /** The earlier path `name` collides with, and under which folding. */
  private lookup(name: string): Collision | undefined {
    const node = this.nodes.get(foldKey(name));
    if (node) return { node, how: 'file-system' };
    if (this.options.moduleFileNames) {
      const goNode = this.goNodes.get(goFoldKey(name));
      if (goNode) return { node: goNode, how: 'go' };
    }
    return undefined;
  }

  private remember(node: PathNode): void {
    this.nodes.set(foldKey(node.name), node);
    if (this.options.moduleFileNames) this.goNodes.set(goFoldKey(node.name), node);
  }

  /** Applies requiredPrefix/stripPrefix/rename; undefined = skip. */
  private mapName(
    parts: string[],
    isDir: boolean,
    refuse: (reason: string) => never,
  ): string | undefined {
    let mapped = parts;
    if (this.prefix) {
      const prefix = this.prefix;
      const under = prefix.every((p, i) => parts[i] === p);
      if (!under || (parts.length === prefix.length && !isDir)) {
        refuse(`outside the required top-level directory ${JSON.stringify(prefix.join('/'))}`);
      }
      if (this.options.stripPrefix) {
        mapped = parts.slice(prefix.length);
        if (mapped.length === 0) return undefined;
      }
    }
    let name = mapped.join('/');
    if (this.options.rename) {
      const renamed = this.options.rename(name);
      if (renamed === null) return undefined;
      const problem = nameProblem(renamed);
      if (problem) refuse(`renamed to ${JSON.stringify(renamed)}: ${problem}`);
      if (components(renamed).length === 0) refuse(`renamed to an empty name`);
      name = renamed;
    }
    return name;
  }

  /** Every ancestor must be a directory: never write through a symlink, file or hardlink. */
  private checkAncestors(parts: string[], refuse: (reason: string) => never): void {
    for (let i = 1; i < parts.length; i++) {
      const ancestor = parts.slice(0, i).join('/');
      const found = this.lookup(ancestor);
      if (found === undefined) {
        this.remember({ name: ancestor, type: 'directory' });
        continue;
      }
      const { node } = found;
      if (node.type !== 'directory') {
        refuse(`path passes through earlier ${node.type} ${JSON.stringify(node.name)}`);
      } else if (node.name !== ancestor && this.options.moduleFileNames) {
        refuse(
          `directory ${JSON.stringify(ancestor)} collides with earlier directory ` +
            `${JSON.stringify(node.name)}${howCollides(found, ancestor)}`,
        );
      }
    }
  }

  /** `name` without `memberPrefix` ('.' for the prefix itself); refuses names outside it. */
  private withoutMemberPrefix(name: string, refuse: (reason: string) => never): string {
    const prefix = this.options.memberPrefix?.replace(/\/+$/, '');
    if (prefix === undefined) return name;
    if (name === prefix || name === `${prefix}/`) return '.';
    if (name.startsWith(`${prefix}/`)) return name.slice(prefix.length + 1);
    return refuse(`outside ${JSON.stringify(prefix)}, the directory the archive was made from`);
  }

  private hardlinkTarget(given: string | undefined, refuse: (reason: string) => never): string {
    if (given === undefined || given === '') return refuse('hard link without a target');
    const target = this.withoutMemberPrefix(given, (reason) =>
      refuse(`hard link target ${JSON.stringify(given)} is ${reason}`),
    );
    const problem = nameProblem(target);
    if (problem) refuse(`hard link target ${JSON.stringify(target)}: ${problem}`);
    const parts = components(target);
    let mapped: string | undefined;
    try {
      mapped = parts.length === 0 ? undefined : this.mapName(parts, false, refuse);
    } catch {
      mapped = undefined;
    }
    const node = mapped === undefined ? undefined : this.lookup(components(mapped).join('/'))?.node;
    if (!node || node.type !== 'file') {
      refuse(
        `hard link target ${JSON.stringify(target)} is not an earlier regular file of the archive`,
      );
    }
    return node.name;
  }
}

/** Why a raw name (member or prefix) is unsafe on some platform, or undefined when fine. */
export function nameProblem(name: string): string | undefined {
  if (name.length === 0) return 'empty name';
  if (name.includes('\0')) return 'NUL byte in name';
  if (hasControlCharacter(name)) return 'control character in name';
  if (name.includes('\ufffd')) return 'name is not valid UTF-8';
  if (name.includes('\\')) return 'backslash in name (a path separator on Windows)';
  if (name.startsWith('/')) return 'absolute path';
  if (/^[A-Za-z]:/.test(name)) return 'absolute path (drive letter)';
  for (const part of name.split('/')) {
    if (part === '..') return "'..' component";
    // A colon names a drive or an alternate data stream on Windows.
    if (part.includes(':')) return 'colon in name';
  }
  return undefined;
}

/** Name components without empty and `.` parts: "./go//bin/" → ["go", "bin"]. */
export function components(name: string): string[] {
  return name.split('/').filter((p) => p !== '' && p !== '.');
}

/**
 * Checks a symlink target and returns it in normal form. The target must be relative and
 * may only climb (`..`) at its start, and not above the root from the link's directory
 * (`depth` components deep). Since no member may pass through a symlink and ancestors are
 * always real directories, such a target cannot leave the root even through other links:
 * the climb crosses real directories only, and the descent never climbs again.
 * Targets like `d/..` are refused although they look harmless: if `d` is itself a link,
 * the kernel resolves `..` from where `d` points.
 */
export function symlinkTarget(
  target: string | undefined,
  depth: number,
  refuse: (reason: string) => never,
): string {
  if (target === undefined || target === '') return refuse('symbolic link without a target');
  const quoted = JSON.stringify(target);
  if (target.includes('\0')) refuse(`symlink target ${quoted} contains a NUL byte`);
  if (hasControlCharacter(target)) refuse(`symlink target ${quoted} contains a control character`);
  if (target.includes('\\')) refuse(`symlink target ${quoted} contains a backslash`);
  if (target.startsWith('/') || /^[A-Za-z]:/.test(target))
    refuse(`symlink target ${quoted} is absolute`);
  if (target.includes(':')) refuse(`symlink target ${quoted} contains a colon`);
  const parts = components(target);
  let ups = 0;
  while (parts[ups] === '..') ups += 1;
  if (parts.slice(ups).includes('..'))
    refuse(`symlink target ${quoted} is not in normal form ('..' after a name)`);
  if (ups > depth) refuse(`symlink target ${quoted} escapes the destination directory`);
  return parts.length === 0 ? '.' : parts.join('/');
}

/** C0 controls and DEL (NUL is reported separately). */
function hasControlCharacter(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if ((c > 0 && c < 0x20) || c === 0x7f) return true;
  }
  return false;
}

/** Key under which two names collide on case-insensitive, normalising file systems. */
function foldKey(name: string): string {
  return name.normalize('NFC').toLowerCase();
}

function definedOnly<T extends object>(value: T | undefined): Partial<T> {
  if (!value) return {};
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
