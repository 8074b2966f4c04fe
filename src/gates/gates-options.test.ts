import { describe, expect, it } from '@jest/globals';
import { InputError } from '../errors.js';
import { parseGateList, parseGatesOptions } from './gates-options.js';

function inputs(values: Record<string, string> = {}) {
  return (name: string) => values[name] ?? '';
}

describe('parseGatesOptions', () => {
  it('defaults to all four gates, binary golangci-lint, fail on errors, cache on', () => {
    const o = parseGatesOptions(inputs());
    expect(o.gates).toEqual(['fmt', 'vet', 'staticcheck', 'golangci-lint']);
    expect(o.workingDirectories).toEqual(['.']);
    expect(o.golangciInstallMode).toBe('binary');
    expect(o.failOn).toBe('error');
    expect(o.onlyNewIssues).toBe('off');
    expect(o.cache).toBe(true);
    expect(o.staticcheckVersion).toBeUndefined();
    expect(o.golangciBaseUrl).toBe('https://github.com/golangci/golangci-lint/releases/download');
  });

  it('reads lists, versions and modes', () => {
    const o = parseGatesOptions(
      inputs({
        gates: 'gofmt, vet\nstaticcheck',
        'working-directory': 'a\nb dir, c',
        'build-tags': 'integration,e2e',
        'staticcheck-version': '2025.1.1',
        'golangci-lint-version': '2.15.0',
        'golangci-lint-install-mode': 'goinstall',
        'only-new-issues': 'strict',
        'fail-on': 'warning',
        cache: 'false',
        'golangci-lint-download-base-url': 'https://mirror.example/golangci/',
      }),
    );
    expect(o.gates).toEqual(['fmt', 'vet', 'staticcheck']);
    expect(o.workingDirectories).toEqual(['a', 'b dir', 'c']);
    expect(o.buildTags).toEqual(['integration', 'e2e']);
    expect(o.staticcheckVersion).toBe('v0.6.1');
    expect(o.golangciVersion).toBe('v2.15.0');
    expect(o.golangciInstallMode).toBe('goinstall');
    expect(o.onlyNewIssues).toBe('strict');
    expect(o.failOn).toBe('warning');
    expect(o.cache).toBe(false);
    expect(o.golangciBaseUrl).toBe('https://mirror.example/golangci');
  });

  it.each([
    ['gates', 'fmt,lint', /unknown gate "lint"/],
    ['fail-on', 'sometimes', /fail-on/],
    ['golangci-lint-install-mode', 'docker', /binary or goinstall/],
    ['golangci-lint-version', 'v1.64.8', /only golangci-lint v2/],
    ['golangci-lint-version', 'latest', /not a version/],
    ['staticcheck-version', '2099.1', /unknown staticcheck release/],
    ['staticcheck-version', 'master', /not a staticcheck release/],
    ['build-tags', 'a;rm -rf', /not a build tag/],
    ['golangci-lint-args', '--output.json.path=x', /set by the gates/],
    ['golangci-lint-args', '--new-from-rev=HEAD~1', /only-new-issues/],
    ['golangci-lint-args', '"unterminated', /unterminated/],
    ['golangci-lint-download-base-url', 'file:///etc', /must be an https:\/\/ URL/],
    ['golangci-lint-download-base-url', 'http://mirror.example/gl', /must be an https:\/\/ URL/],
    ['staticcheck-download-base-url', 'http://10.0.0.1/sc', /must be an https:\/\/ URL/],
    ['staticcheck-download-base-url', 'https://u:p@mirror.example/sc', /credentials/],
    ['staticcheck-download-base-url', 'not a url', /not a URL/],
    ['staticcheck-install-mode', 'docker', /staticcheck-install-mode.*binary or goinstall/],
    ['only-new-issues', 'maybe', /only-new-issues/],
  ])('%s=%s is refused', (name, value, message) => {
    expect(() => parseGatesOptions(inputs({ [name]: value }))).toThrow(InputError);
    expect(() => parseGatesOptions(inputs({ [name]: value }))).toThrow(message);
  });
});

describe('parseGateList', () => {
  it('drops duplicates and keeps the order given', () => {
    expect(parseGateList('vet fmt vet govet')).toEqual(['vet', 'fmt']);
  });
});

describe('release mirrors', () => {
  it('take https anywhere and http on loopback only, with staticcheck in binary mode by default', () => {
    const o = parseGatesOptions(
      inputs({
        'staticcheck-download-base-url': 'http://127.0.0.1:8080/sc/',
        'golangci-lint-download-base-url': 'https://mirror.example/gl',
      }),
    );
    expect(o.staticcheckBaseUrl).toBe('http://127.0.0.1:8080/sc');
    expect(o.golangciBaseUrl).toBe('https://mirror.example/gl');
    expect(o.staticcheckInstallMode).toBe('binary');
    expect(parseGatesOptions(inputs({})).staticcheckBaseUrl).toBe(
      'https://github.com/dominikh/go-tools/releases/download',
    );
  });
});
