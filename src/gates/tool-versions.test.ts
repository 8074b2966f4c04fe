import { describe, expect, it } from '@jest/globals';
import {
  buildFloorProblem,
  defaultGolangci,
  defaultStaticcheck,
  golangciModuleVersion,
  staticcheckModuleVersion,
} from './tool-versions.js';

describe('staticcheck versions', () => {
  it.each([
    ['2025.1.1', 'v0.6.1'],
    ['v0.6.1', 'v0.6.1'],
    ['0.6.1', 'v0.6.1'],
    ['2026.2.2', 'v0.8.2'],
    ['v0.9.0', 'v0.9.0'],
  ])('%s is module version %s', (input, version) => {
    expect(staticcheckModuleVersion(input).version).toBe(version);
  });

  it.each([
    ['go1.26.11', 'v0.8.2'],
    ['go1.26.0', 'v0.8.2'],
    ['go1.25.14', 'v0.7.0'],
    ['go1.24.3', 'v0.6.1'],
    ['go1.23.0', 'v0.6.1'],
    ['go1.22.5', 'v0.5.1'],
    ['go1.21.13', 'v0.4.7'],
  ])('the default for %s builds with it: %s', (go, version) => {
    expect(defaultStaticcheck('goinstall', go)).toMatchObject({
      version,
      source: 'pinned default',
    });
  });

  it('refuses a Go older than every pinned release, naming the floor', () => {
    expect(() => defaultStaticcheck('goinstall', 'go1.18')).toThrow(/needs go1\.19/);
  });
});

describe('golangci-lint versions', () => {
  it('binary mode has one pinned release whatever the Go', () => {
    expect(defaultGolangci('binary', 'go1.22.5').version).toBe('v2.15.0');
  });

  it.each([
    ['go1.26.1', 'v2.15.0'],
    ['go1.25.14', 'v2.12.2'],
    ['go1.24.0', 'v2.8.0'],
    ['go1.23.4', 'v2.3.1'],
  ])('goinstall with %s builds %s', (go, version) => {
    expect(defaultGolangci('goinstall', go).version).toBe(version);
  });

  it('goinstall with a Go no v2 release builds with is refused', () => {
    expect(() => defaultGolangci('goinstall', 'go1.22.5')).toThrow(/binary/);
  });

  it('normalizes versions', () => {
    expect(golangciModuleVersion('2.15.0')).toBe('v2.15.0');
  });
});

describe('buildFloorProblem', () => {
  it('names the Go a known release needs', () => {
    expect(buildFloorProblem('staticcheck', 'v0.8.2', 'go1.25.14')).toMatch(
      /staticcheck v0\.8\.2 needs go1\.26\.0 or newer.*go1\.25\.14/,
    );
    expect(buildFloorProblem('golangci-lint', 'v2.15.0', 'go1.26.0')).toBeUndefined();
    expect(buildFloorProblem('staticcheck', 'v0.99.0', 'go1.20')).toBeUndefined();
  });
});
