import { describe, it, expect } from '@jest/globals';
import { authorizationFor, isGitHubUrl } from './auth.js';

describe('authorizationFor', () => {
  const env = {};

  it.each([
    'https://github.com/actions/go-versions/raw/main/versions-manifest.json',
    'https://api.github.com/repos/golangci/golangci-lint/releases/latest',
    'https://raw.githubusercontent.com/actions/go-versions/main/versions-manifest.json',
    'https://objects.githubusercontent.com/github-production-release-asset/1',
    'https://github.com:443/x',
  ])('sends the token to %s', (url) => {
    expect(authorizationFor(url, 'ghs_abc', env)).toEqual({ authorization: 'Bearer ghs_abc' });
  });

  it.each([
    ['plain http', 'http://github.com/x'],
    ['go.dev', 'https://go.dev/dl/?mode=json'],
    ['dl.google.com', 'https://dl.google.com/go/go1.22.5.linux-amd64.tar.gz'],
    ['a look-alike suffix', 'https://github.com.evil.example/x'],
    ['a look-alike content host', 'https://evilgithubusercontent.com/x'],
    ['another port', 'https://github.com:8443/x'],
    ['a content host on another port', 'https://raw.githubusercontent.com:8443/x'],
    ['a subdomain not listed', 'https://uploads.github.com.example/x'],
    ['a URL with credentials', 'https://user:pw@github.com/x'],
    ['a trailing-dot host', 'https://github.com./x'],
    ['not a URL', 'github.com/x'],
  ])('never sends it over %s', (_why, url) => {
    expect(authorizationFor(url, 'ghs_abc', env)).toEqual({});
  });

  it('sends nothing without a token', () => {
    expect(authorizationFor('https://api.github.com/', undefined, env)).toEqual({});
    expect(authorizationFor('https://api.github.com/', '', env)).toEqual({});
  });

  it('trusts the GitHub Enterprise hosts of GITHUB_SERVER_URL and GITHUB_API_URL, over https only', () => {
    const ghes = {
      GITHUB_SERVER_URL: 'https://ghes.corp.example',
      GITHUB_API_URL: 'https://api.ghes.corp.example:8443/api/v3',
    };
    expect(isGitHubUrl('https://ghes.corp.example/org/repo/releases/x', ghes)).toBe(true);
    expect(isGitHubUrl('https://api.ghes.corp.example:8443/api/v3/repos', ghes)).toBe(true);
    expect(isGitHubUrl('https://api.ghes.corp.example/api/v3/repos', ghes)).toBe(false);
    expect(isGitHubUrl('http://ghes.corp.example/x', ghes)).toBe(false);
    expect(isGitHubUrl('https://mirror.corp.example/x', ghes)).toBe(false);
    expect(
      isGitHubUrl('https://ghes.corp.example/x', { GITHUB_SERVER_URL: 'http://ghes.corp.example' }),
    ).toBe(false);
    expect(isGitHubUrl('https://ghes.corp.example/x', { GITHUB_SERVER_URL: 'not a url' })).toBe(
      false,
    );
  });
});
