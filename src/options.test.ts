import { describe, expect, it } from '@jest/globals';
import { InputError } from './errors.js';
import { HTTP_ENV, httpSettingsFromEnv, parseSetupOptions } from './options.js';

const DEFAULTS = { workingDirectory: '/home/u/project', toolCacheDir: '/cache/tools' };

function parse(inputs: Record<string, string>) {
  return parseSetupOptions((name) => inputs[name] ?? '', DEFAULTS);
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

describe('parseSetupOptions', () => {
  it('reads the download source and the module proxy, GOPROXY as the default', () => {
    expect(parse({ 'go-download-source': 'proxy' }).downloadSource).toBe('proxy');
    expect(() => parse({ 'go-download-source': 'github' })).toThrow(/go-download-source/);
    const fromEnv = parseSetupOptions((n) => ({ 'go-download-source': 'proxy' })[n] ?? '', {
      workingDirectory: '/w',
      toolCacheDir: '/t',
      goproxy: 'https://athens.example,direct',
    });
    expect(fromEnv.goproxy).toBe('https://athens.example,direct');
    expect(parse({ goproxy: 'https://nexus.example' }).goproxy).toBe('https://nexus.example');
    expect(parse({ 'verify-sumdb': 'Required' }).verifySumdb).toBe('required');
    expect(() => parse({ 'verify-sumdb': 'maybe' })).toThrow(
      /verify-sumdb must be auto, required or off/,
    );
  });

  it('fills defaults when every input is empty', () => {
    expect(parse({})).toEqual({
      goVersion: undefined,
      goVersionFile: undefined,
      workingDirectory: '/home/u/project',
      checkLatest: false,
      downloadSource: 'go.dev',
      verifySumdb: 'auto',
      goproxy: 'https://proxy.golang.org',
      architecture: undefined,
      downloadBaseUrl: undefined,
      signingKeys: undefined,
      gotoolchain: '',
      healthCheck: 'full',
      token: undefined,
      toolCacheDir: '/cache/tools',
    });
  });

  it('trims inputs and treats whitespace-only ones as unset', () => {
    const o = parse({
      'go-version': '  1.22.5 ',
      'go-version-file': '\tgo.mod\n',
      architecture: ' ',
      gotoolchain: ' local ',
      token: '  ',
    });
    expect(o.goVersion).toBe('1.22.5');
    expect(o.goVersionFile).toBe('go.mod');
    expect(o.architecture).toBeUndefined();
    expect(o.gotoolchain).toBe('local');
    expect(o.token).toBeUndefined();
  });

  it('reads check-latest and health-check in any case', () => {
    const o = parse({ 'check-latest': ' TRUE ', 'health-check': 'Quick' });
    expect(o.checkLatest).toBe(true);
    expect(o.healthCheck).toBe('quick');
    expect(parse({ 'health-check': 'off' }).healthCheck).toBe('off');
  });

  it.each([
    ['check-latest', 'yes'],
    ['check-latest', '1'],
    ['health-check', 'none'],
    ['health-check', 'full quick'],
    ['go-download-base-url', 'not a url'],
    ['go-download-base-url', 'ftp://mirror.example/go'],
    ['go-download-base-url', 'file://fileserver/srv/go'],
    ['go-download-base-url', 'file:///srv/go?mode=json'],
    ['go-download-base-url', 'javascript:alert(1)'],
  ])('refuses %s=%j with an InputError naming the input', (name, value) => {
    const err = inputError(() => parse({ [name]: value }));
    expect(err.message).toContain(name);
  });

  it('says why a base URL is refused', () => {
    expect(inputError(() => parse({ 'go-download-base-url': 'mirror' })).message).toMatch(
      /is not a URL: "mirror"/,
    );
    expect(inputError(() => parse({ 'go-download-base-url': 'ftp://m.example/' })).message).toMatch(
      /must be http\(s\) or file:, not ftp:/,
    );
  });

  it.each([
    'https://user:s3cret@mirror.example/go',
    'https://user@mirror.example/',
    'http://:s3cret@m.example',
  ])('refuses credentials in the base URL %s without echoing them', (url) => {
    const err = inputError(() => parse({ 'go-download-base-url': url }));
    expect(err.message).toBe('go-download-base-url must not contain credentials');
    expect(err.message).not.toContain('s3cret');
  });

  it('accepts http and https mirrors and strips trailing slashes', () => {
    expect(
      parse({ 'go-download-base-url': 'https://mirror.example/golang///' }).downloadBaseUrl,
    ).toBe('https://mirror.example/golang');
    expect(parse({ 'go-download-base-url': ' http://127.0.0.1:8080/ ' }).downloadBaseUrl).toBe(
      'http://127.0.0.1:8080',
    );
  });

  it('accepts a go.dev layout on disk as file:///path', () => {
    expect(parse({ 'go-download-base-url': 'file:///srv/bundle/dl/' }).downloadBaseUrl).toBe(
      'file:///srv/bundle/dl',
    );
  });
});

describe('httpSettingsFromEnv', () => {
  it('is empty when nothing is set', () => {
    expect(httpSettingsFromEnv({})).toEqual({});
    expect(httpSettingsFromEnv({ [HTTP_ENV.retries]: '  ', [HTTP_ENV.stall]: '' })).toEqual({});
  });

  it('reads counts and seconds, turning seconds into milliseconds', () => {
    expect(
      httpSettingsFromEnv({
        [HTTP_ENV.retries]: '3.7',
        [HTTP_ENV.backoff]: '1.5',
        [HTTP_ENV.timeout]: ' 30 ',
        [HTTP_ENV.stall]: '0',
      }),
    ).toEqual({ retries: 3, backoffMs: 1500, timeoutMs: 30_000, stallTimeoutMs: 0 });
  });

  it('accepts the upper bounds', () => {
    expect(
      httpSettingsFromEnv({
        [HTTP_ENV.retries]: '20',
        [HTTP_ENV.backoff]: '600',
        [HTTP_ENV.timeout]: '3600',
        [HTTP_ENV.stall]: '3600',
      }),
    ).toEqual({ retries: 20, backoffMs: 600_000, timeoutMs: 3_600_000, stallTimeoutMs: 3_600_000 });
  });

  it.each([
    [HTTP_ENV.retries, 'abc'],
    [HTTP_ENV.retries, '-1'],
    [HTTP_ENV.retries, '21'],
    [HTTP_ENV.backoff, 'NaN'],
    [HTTP_ENV.backoff, '601'],
    [HTTP_ENV.timeout, 'Infinity'],
    [HTTP_ENV.timeout, '10s'],
    [HTTP_ENV.stall, '1e9'],
  ])('refuses %s=%j with an InputError naming the variable', (name, value) => {
    const err = inputError(() => httpSettingsFromEnv({ [name]: value }));
    expect(err.message).toContain(name);
    expect(err.message).toContain(JSON.stringify(value));
  });
});
