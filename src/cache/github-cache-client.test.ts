// Requests and answers of the cache service lookup, checked against @actions/cache's own
// generated Twirp message code; the exchanges themselves run against the loopback service
// in github-backend.test.ts.
import { describe, expect, it } from '@jest/globals';
import { GetCacheEntryDownloadURLRequest } from '../../node_modules/@actions/cache/lib/generated/results/api/v1/cache.js';
import {
  cacheEndpoint,
  parseTwirpLookup,
  parseV1Lookup,
  redactUrls,
  twirpLookupRequest,
  v1LookupUrl,
} from './github-cache-client.js';

const lookup = { key: 'k-1', restoreKeys: ['k-', 'j-'], version: 'a'.repeat(64) };

describe('twirpLookupRequest', () => {
  it('sends the body @actions/cache sends (proto field names)', () => {
    for (const restoreKeys of [lookup.restoreKeys, []]) {
      const { body } = twirpLookupRequest('https://results.example/', { ...lookup, restoreKeys });
      const theirs = GetCacheEntryDownloadURLRequest.toJson(
        { key: lookup.key, restoreKeys, version: lookup.version },
        { useProtoFieldName: true, emitDefaultValues: false },
      );
      expect(JSON.parse(body)).toEqual(theirs);
    }
  });

  it('posts to /twirp/… at the origin of ACTIONS_RESULTS_URL, as new URL() resolves it', () => {
    expect(twirpLookupRequest('https://results.example/some/path/', lookup).url).toBe(
      'https://results.example/twirp/github.actions.results.api.v1.CacheService/GetCacheEntryDownloadURL',
    );
  });
});

describe('v1LookupUrl', () => {
  it('lists every key, exact key first, comma-separated and encoded', () => {
    expect(v1LookupUrl('https://cache.example/abc/', lookup)).toBe(
      `https://cache.example/abc/_apis/artifactcache/cache?keys=k-1%2Ck-%2Cj-&version=${lookup.version}`,
    );
  });
});

describe('parsing answers', () => {
  it('reads a v2 answer in either field spelling; ok false is no entry', () => {
    expect(parseTwirpLookup({ ok: false, signed_download_url: '', matched_key: '' })).toBe(
      undefined,
    );
    const found = { url: 'https://a.blob.core.windows.net/c/b?sig=x', matchedKey: 'k-0' };
    expect(
      parseTwirpLookup({ ok: true, signed_download_url: found.url, matched_key: 'k-0' }),
    ).toEqual(found);
    expect(parseTwirpLookup({ ok: true, signedDownloadUrl: found.url, matchedKey: 'k-0' })).toEqual(
      found,
    );
  });

  it('refuses answers without a usable URL or key', () => {
    expect(() => parseTwirpLookup({ ok: true, matched_key: 'k' })).toThrow(/no download URL/);
    expect(() =>
      parseTwirpLookup({ ok: true, signed_download_url: 'file:///etc/passwd', matched_key: 'k' }),
    ).toThrow(/no download URL/);
    expect(() =>
      parseTwirpLookup({ ok: true, signed_download_url: 'https://x/y', matched_key: '' }),
    ).toThrow(/which key matched/);
    expect(() => parseTwirpLookup('<html>')).toThrow(/not a JSON object|other than a JSON/);
  });

  it('reads a v1 answer', () => {
    expect(parseV1Lookup({ archiveLocation: 'https://x/y?sig=1', cacheKey: 'k' })).toEqual({
      url: 'https://x/y?sig=1',
      matchedKey: 'k',
    });
    expect(() => parseV1Lookup({ cacheKey: 'k' })).toThrow(/no download URL/);
  });
});

describe('redactUrls', () => {
  it('cuts signatures out of every URL in a message', () => {
    expect(
      redactUrls(
        'GET https://a.blob.core.windows.net/c/b?sv=1&sig=SECRET: HTTP 403 (http://x/y?token=T)',
      ),
    ).toBe('GET https://a.blob.core.windows.net/c/b?…: HTTP 403 (http://x/y?…)');
    expect(redactUrls('no url here')).toBe('no url here');
  });
});

describe('cacheEndpoint', () => {
  it('picks the protocol and URL as @actions/cache does', () => {
    const token = { ACTIONS_RUNTIME_TOKEN: 't' };
    expect(
      cacheEndpoint({ ...token, ACTIONS_CACHE_SERVICE_V2: '1', ACTIONS_RESULTS_URL: 'https://r/' }),
    ).toEqual({ protocol: 'v2', baseUrl: 'https://r/', token: 't' });
    expect(cacheEndpoint({ ...token, ACTIONS_CACHE_URL: 'https://c/' })).toEqual({
      protocol: 'v1',
      baseUrl: 'https://c/',
      token: 't',
    });
    expect(
      cacheEndpoint({
        ...token,
        ACTIONS_CACHE_SERVICE_V2: '1',
        GITHUB_SERVER_URL: 'https://ghes.example',
        ACTIONS_CACHE_URL: 'https://c/',
        ACTIONS_RESULTS_URL: 'https://r/',
      }),
    ).toEqual({ protocol: 'v1', baseUrl: 'https://c/', token: 't' });
    expect(cacheEndpoint({ ACTIONS_RESULTS_URL: 'https://r/' })).toBeUndefined();
  });
});
