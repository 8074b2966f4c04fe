import { describe, expect, it } from '@jest/globals';
import { InputError } from '../errors.js';
import {
  DEFAULT_CACHE_MAX_SIZE,
  followSetupCache,
  parseCacheInputs,
  shouldSave,
} from './cache-inputs.js';

function parse(inputs: Record<string, string>) {
  return parseCacheInputs((name) => inputs[name] ?? '');
}

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

describe('parseCacheInputs', () => {
  it('fills defaults when every input is empty', () => {
    expect(parse({})).toEqual({
      cache: true,
      dependencyPath: [],
      cacheBuild: true,
      save: 'always',
      keySuffix: undefined,
      backend: 'github',
      dir: undefined,
      maxSize: 10 * 1024 ** 3,
      notes: [],
    });
    expect(DEFAULT_CACHE_MAX_SIZE).toBe(10737418240);
  });

  it('reads every input', () => {
    expect(
      parse({
        cache: 'False',
        'cache-dependency-path': 'go.sum\ntools/go.sum, !vendor/**',
        'cache-build': 'FALSE',
        'cache-save': 'Default-Branch',
        'cache-key-suffix': 'race',
        'cache-backend': 'LOCAL',
        'cache-dir': ' /srv/go-cache ',
        'cache-max-size': '500M',
      }),
    ).toEqual({
      cache: false,
      dependencyPath: ['go.sum', 'tools/go.sum', '!vendor/**'],
      cacheBuild: false,
      save: 'default-branch',
      keySuffix: 'race',
      backend: 'local',
      dir: '/srv/go-cache',
      maxSize: 500 * 1024 ** 2,
      notes: [],
    });
  });

  it('sanitizes the key suffix and reports the change as a note', () => {
    const inputs = parse({ 'cache-key-suffix': 'race, cgo' });
    expect(inputs.keySuffix).toBe('race_cgo');
    expect(inputs.notes).toHaveLength(1);
    expect(inputs.notes[0]).toContain('"race_cgo"');
    expect(parse({ 'cache-key-suffix': '   ' }).keySuffix).toBeUndefined();
  });

  it('requires cache-dir for the local backend', () => {
    const e = inputError(() => parse({ 'cache-backend': 'local' }));
    expect(e.message).toMatch(/cache-dir is required when cache-backend is local/);
    inputError(() => parse({ 'cache-backend': 'local', 'cache-dir': '  ' }));
  });

  it('notes a cache-dir that the github backend ignores', () => {
    const inputs = parse({ 'cache-dir': '/srv/cache' });
    expect(inputs.dir).toBe('/srv/cache');
    expect(inputs.notes).toEqual([expect.stringMatching(/cache-dir is ignored/)]);
  });

  it.each([
    [
      'cache',
      'maybe',
      /input cache must be true or false \(also True, TRUE, False, FALSE\), not "maybe"/,
    ],
    ['cache-build', 'on', /input cache-build must be true or false/],
    [
      'cache-save',
      'sometimes',
      /cache-save must be always, never or default-branch, not "sometimes"/,
    ],
    ['cache-backend', 's3', /cache-backend must be github or local, not "s3"/],
    ['cache-max-size', 'lots', /cache-max-size must be a size such as 500M/],
  ])('names the input and the accepted values: %s=%s', (name, value, message) => {
    expect(inputError(() => parse({ [name]: value })).message).toMatch(message);
  });
});

describe('shouldSave', () => {
  const main = { ref: 'refs/heads/main', defaultBranch: 'main' };

  it('always and never ignore the branch', () => {
    expect(shouldSave('always', { ref: 'refs/pull/1/merge', defaultBranch: 'main' }).save).toBe(
      true,
    );
    expect(shouldSave('always', { ref: undefined, defaultBranch: undefined }).save).toBe(true);
    expect(shouldSave('never', main)).toEqual({ save: false, reason: 'cache-save is never' });
  });

  it('default-branch saves on the default branch only', () => {
    expect(shouldSave('default-branch', main).save).toBe(true);
    expect(
      shouldSave('default-branch', { ref: 'refs/heads/trunk', defaultBranch: 'trunk' }).save,
    ).toBe(true);
    for (const ref of ['refs/heads/feature', 'refs/pull/7/merge', 'refs/tags/main', 'main']) {
      const d = shouldSave('default-branch', { ref, defaultBranch: 'main' });
      expect(d.save).toBe(false);
      expect(d.uncertain).toBeUndefined();
      expect(d.reason).toContain(`${ref} is not the default branch (main)`);
    }
    // A branch named main is not the default when the default is another.
    expect(
      shouldSave('default-branch', { ref: 'refs/heads/main', defaultBranch: 'dev' }).save,
    ).toBe(false);
  });

  it('default-branch does not save when the default branch is unknown, and says why', () => {
    const d = shouldSave('default-branch', { ref: 'refs/heads/main', defaultBranch: undefined });
    expect(d.save).toBe(false);
    expect(d.uncertain).toBe(true);
    expect(d.reason).toMatch(/default branch is unknown/);
    const noRef = shouldSave('default-branch', { ref: undefined, defaultBranch: 'main' });
    expect(noRef).toMatchObject({ save: false, uncertain: true });
    expect(noRef.reason).toMatch(/GITHUB_REF is not set/);
  });
});

describe('followSetupCache', () => {
  const env = {
    SETUP_GO_VERIFIED_CACHE_BACKEND: 'local',
    SETUP_GO_VERIFIED_CACHE_DIR: '/srv/cache',
  };
  const inputs =
    (given: Record<string, string>) =>
    (name: string): string =>
      given[name] ?? '';

  it("takes the setup step's backend and directory when the step names no backend", () => {
    const get = followSetupCache(inputs({}), env);
    expect(
      parseCacheInputs((n) => (n === 'cache-backend' || n === 'cache-dir' ? get(n) : '')),
    ).toMatchObject({
      backend: 'local',
      dir: '/srv/cache',
    });
  });

  it("keeps the step's own backend and directory", () => {
    const get = followSetupCache(inputs({ 'cache-backend': 'github' }), env);
    expect(get('cache-backend')).toBe('github');
    expect(get('cache-dir')).toBe('');
  });

  it('is github when neither the step nor the setup step says', () => {
    const get = followSetupCache(inputs({}), {});
    expect(
      parseCacheInputs((n) => (n === 'cache-backend' || n === 'cache-dir' ? get(n) : '')).backend,
    ).toBe('github');
  });
});
