import { describe, expect, it } from '@jest/globals';
import { createHash } from 'node:crypto';
import { InputError } from '../errors.js';
import {
  assertValidKey,
  buildCacheKeys,
  MAX_KEY_LENGTH,
  MAX_SUFFIX_LENGTH,
  modCacheKey,
  sanitizeSuffix,
} from './keys.js';

const HASH = createHash('sha256').update('go.sum').digest('hex');
const PARTS = { os: 'linux', arch: 'amd64', goVersion: '1.22.5', depsHash: HASH };

/** The InputError `fn` throws; fails the test if it throws anything else or nothing. */
function inputError(fn: () => unknown): InputError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(InputError);
    return err as InputError;
  }
  throw new Error('expected an InputError');
}

describe('modCacheKey', () => {
  it('names the toolchain, the kind and the dependency hash', () => {
    expect(modCacheKey(PARTS)).toBe(`setup-go-verified-linux-amd64-go1.22.5-mod-${HASH}`);
  });

  it('appends a suffix, and treats an empty one as none', () => {
    expect(modCacheKey({ ...PARTS, suffix: 'race' })).toBe(
      `setup-go-verified-linux-amd64-go1.22.5-mod-${HASH}-race`,
    );
    expect(modCacheKey({ ...PARTS, suffix: '' })).toBe(modCacheKey(PARTS));
  });

  it('differs between toolchains, platforms and dependency sets', () => {
    const keys = new Set([
      modCacheKey(PARTS),
      modCacheKey({ ...PARTS, goVersion: '1.22.6' }),
      modCacheKey({ ...PARTS, os: 'darwin' }),
      modCacheKey({ ...PARTS, arch: 'arm64' }),
      modCacheKey({ ...PARTS, depsHash: HASH.replace(/^./, '0') }),
    ]);
    expect(keys.size).toBe(5);
  });

  it('reads a version written with its go prefix the same way', () => {
    expect(modCacheKey({ ...PARTS, goVersion: 'go1.22.5' })).toBe(modCacheKey(PARTS));
    expect(modCacheKey({ ...PARTS, goVersion: '1.23rc1' })).toContain('-go1.23rc1-mod-');
  });

  it('rejects parts that are not what the caller should pass', () => {
    expect(() => modCacheKey({ ...PARTS, os: 'Linux' })).toThrow(/os: "Linux"/);
    expect(() => modCacheKey({ ...PARTS, arch: 'x86_64,' })).toThrow(/arch/);
    expect(() => modCacheKey({ ...PARTS, goVersion: 'stable' })).toThrow(/goVersion/);
    expect(() => modCacheKey({ ...PARTS, depsHash: '' })).toThrow(/depsHash/);
    expect(() => modCacheKey({ ...PARTS, depsHash: 'ABC' })).toThrow(/depsHash/);
  });

  it('refuses a suffix that did not go through sanitizeSuffix', () => {
    expect(inputError(() => modCacheKey({ ...PARTS, suffix: 'a,b' })).message).toMatch(
      /sanitizeSuffix/,
    );
    inputError(() => modCacheKey({ ...PARTS, suffix: 'a b' }));
    inputError(() => modCacheKey({ ...PARTS, suffix: 'x'.repeat(MAX_SUFFIX_LENGTH + 1) }));
  });
});

describe('buildCacheKeys', () => {
  it('makes a fresh key per save and restores by dependencies, then by toolchain', () => {
    expect(buildCacheKeys({ ...PARTS, unique: '9876543210-2' })).toEqual({
      key: `setup-go-verified-linux-amd64-go1.22.5-build-${HASH}-9876543210-2`,
      restoreKeys: [
        `setup-go-verified-linux-amd64-go1.22.5-build-${HASH}-`,
        'setup-go-verified-linux-amd64-go1.22.5-build-',
      ],
    });
  });

  it('keeps the suffix in the key and in every restore key', () => {
    const keys = buildCacheKeys({ ...PARTS, suffix: 'race', unique: '1-1' });
    expect(keys.key).toBe(`setup-go-verified-linux-amd64-go1.22.5-race-build-${HASH}-1-1`);
    expect(keys.restoreKeys).toEqual([
      `setup-go-verified-linux-amd64-go1.22.5-race-build-${HASH}-`,
      'setup-go-verified-linux-amd64-go1.22.5-race-build-',
    ]);
  });

  it('restore keys are prefixes of the key, most specific first', () => {
    const { key, restoreKeys } = buildCacheKeys({ ...PARTS, suffix: 'cgo', unique: '5-1' });
    for (const prefix of restoreKeys) expect(key.startsWith(prefix)).toBe(true);
    expect(restoreKeys[0]!.length).toBeGreaterThan(restoreKeys[1]!.length);
  });

  it('matrix legs with different suffixes, or none, never restore each other', () => {
    const legs = [undefined, 'race', 'noopt', 'race-cgo'].map((suffix) =>
      buildCacheKeys({ ...PARTS, suffix, unique: '7-1' }),
    );
    for (const [i, mine] of legs.entries()) {
      for (const [j, other] of legs.entries()) {
        if (i === j) continue;
        for (const prefix of mine.restoreKeys) expect(other.key.startsWith(prefix)).toBe(false);
      }
    }
  });

  it('does not restore entries of another toolchain or platform', () => {
    const mine = buildCacheKeys({ ...PARTS, unique: '1-1' });
    const others = [
      buildCacheKeys({ ...PARTS, goVersion: '1.22.50', unique: '1-1' }),
      buildCacheKeys({ ...PARTS, goVersion: '1.2', unique: '1-1' }),
      buildCacheKeys({ ...PARTS, arch: 'arm64', unique: '1-1' }),
    ];
    for (const other of others) {
      for (const prefix of mine.restoreKeys) expect(other.key.startsWith(prefix)).toBe(false);
    }
    // Nor does the module cache entry look like a build entry.
    const mod = modCacheKey(PARTS);
    for (const prefix of mine.restoreKeys) expect(mod.startsWith(prefix)).toBe(false);
  });

  it('requires a unique part that is safe in a key', () => {
    expect(() => buildCacheKeys({ ...PARTS, unique: '' })).toThrow(/unique/);
    expect(() => buildCacheKeys({ ...PARTS, unique: '1,2' })).toThrow(/unique/);
  });

  it('keys with the longest sanitized suffix still fit', () => {
    const { suffix } = sanitizeSuffix('s'.repeat(MAX_SUFFIX_LENGTH));
    const keys = buildCacheKeys({
      ...PARTS,
      os: 'dragonfly',
      arch: 'mips64le',
      goVersion: '1.100.100rc100',
      suffix,
      unique: `${'9'.repeat(20)}-999`,
    });
    expect(keys.key.length).toBeLessThanOrEqual(MAX_KEY_LENGTH);
    expect(keys.key).toContain(suffix);
  });
});

describe('sanitizeSuffix', () => {
  it('keeps a suffix of allowed characters as it is, without a note', () => {
    expect(sanitizeSuffix('race_cgo-1.2')).toEqual({ suffix: 'race_cgo-1.2' });
    expect(sanitizeSuffix('  race  ')).toEqual({ suffix: 'race' });
  });

  it('gives no suffix for empty or blank input', () => {
    expect(sanitizeSuffix('')).toEqual({ suffix: '' });
    expect(sanitizeSuffix(' \n\t')).toEqual({ suffix: '' });
  });

  it('replaces each run of other characters by one underscore, and says so', () => {
    const s = sanitizeSuffix('race, cgo=1 / tags:integration');
    expect(s.suffix).toBe('race_cgo_1_tags_integration');
    expect(s.note).toContain('"race, cgo=1 / tags:integration"');
    expect(s.note).toContain('"race_cgo_1_tags_integration"');
    expect(sanitizeSuffix('ünïcode').suffix).toBe('_n_code');
    expect(sanitizeSuffix('a\nb').suffix).toBe('a_b');
  });

  it('replaces a suffix too long for a key by the start of its SHA-256, and says so', () => {
    const raw = 'x'.repeat(MAX_SUFFIX_LENGTH + 1);
    const s = sanitizeSuffix(raw);
    expect(s.suffix).toBe(createHash('sha256').update(raw).digest('hex').slice(0, 16));
    expect(s.note).toMatch(new RegExp(`${MAX_SUFFIX_LENGTH + 1} characters long.*${s.suffix}`));
    expect(sanitizeSuffix('x'.repeat(MAX_SUFFIX_LENGTH))).toEqual({
      suffix: 'x'.repeat(MAX_SUFFIX_LENGTH),
    });
    // Different long suffixes stay different.
    expect(sanitizeSuffix('y'.repeat(600)).suffix).not.toBe(s.suffix);
  });

  it('is idempotent, so sanitized suffixes can be passed through again', () => {
    for (const raw of ['a b,c', 'plain', 'z'.repeat(1000)]) {
      const once = sanitizeSuffix(raw).suffix;
      expect(sanitizeSuffix(once)).toEqual({ suffix: once });
    }
  });

  it('always yields a suffix the key builders accept', () => {
    for (const raw of ['a,b', ' , ', '∑', 'q'.repeat(5000), '$(rm -rf /)']) {
      const { suffix } = sanitizeSuffix(raw);
      expect(() => modCacheKey({ ...PARTS, suffix })).not.toThrow();
    }
  });
});

describe('assertValidKey', () => {
  it('accepts keys of up to 512 characters without commas', () => {
    expect(() => assertValidKey('k')).not.toThrow();
    expect(() => assertValidKey('k'.repeat(MAX_KEY_LENGTH))).not.toThrow();
  });

  it('rejects a key that is too long, saying how long', () => {
    const e = inputError(() => assertValidKey('k'.repeat(MAX_KEY_LENGTH + 1)));
    expect(e.message).toMatch(/513 characters long; keys may have at most 512/);
    // The message quotes only the start of a huge key.
    expect(e.message.length).toBeLessThan(300);
  });

  it('rejects commas and empty keys', () => {
    expect(inputError(() => assertValidKey('a,b')).message).toMatch(/"a,b" contains a comma/);
    expect(inputError(() => assertValidKey('')).message).toMatch(/empty/);
  });
});
