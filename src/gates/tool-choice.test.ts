import { describe, expect, it } from '@jest/globals';
import type { GoModule } from '../go/modules.js';
import { parseGatesOptions } from './gates-options.js';
import { chooseToolVersion } from './tool-choice.js';

function options(inputs: Record<string, string> = {}) {
  return parseGatesOptions((name) => inputs[name] ?? '');
}

function mod(name: string, toolPins: GoModule['toolPins']): GoModule {
  return { dir: `/repo/${name}`, path: `example.com/${name}`, toolPins, localDirs: [] };
}

describe('chooseToolVersion', () => {
  const pinned = mod('b', {
    staticcheck: { version: 'v0.5.1', how: 'tools.go' },
    golangci: { version: 'v2.8.0', how: 'go.mod tool directive' },
  });

  it('takes the version input over any pin', () => {
    const o = options({ 'staticcheck-version': '2025.1.1', 'golangci-lint-version': '2.12.2' });
    expect(chooseToolVersion('staticcheck', o, [pinned], 'go1.26.0')).toEqual({
      version: 'v0.6.1',
      source: 'input',
    });
    expect(chooseToolVersion('golangci-lint', o, [pinned], 'go1.26.0')).toEqual({
      version: 'v2.12.2',
      source: 'input',
    });
  });

  it("takes the first module's pin, saying how it was pinned", () => {
    const modules = [
      mod('a', {}),
      pinned,
      mod('c', { golangci: { version: 'v2.3.1', how: 'tools.go' } }),
    ];
    expect(chooseToolVersion('staticcheck', options(), modules, 'go1.26.0')).toEqual({
      version: 'v0.5.1',
      source: 'tools.go',
    });
    expect(chooseToolVersion('golangci-lint', options(), modules, 'go1.26.0')).toEqual({
      version: 'v2.8.0',
      source: 'go.mod tool directive',
    });
  });

  it('falls back to the pinned default for the install mode and Go', () => {
    const binary = chooseToolVersion('staticcheck', options(), [mod('a', {})], 'go1.20');
    expect(binary).toMatchObject({ source: 'pinned default', version: 'v0.8.2' });
    const built = chooseToolVersion(
      'staticcheck',
      options({ 'staticcheck-install-mode': 'goinstall' }),
      [mod('a', {})],
      'go1.25.3',
    );
    expect(built).toEqual({ version: 'v0.7.0', release: '2026.1', source: 'pinned default' });
    expect(() =>
      chooseToolVersion(
        'golangci-lint',
        options({ 'golangci-lint-install-mode': 'goinstall' }),
        [],
        'go1.22.0',
      ),
    ).toThrow(/no pinned golangci-lint v2 builds with go1\.22\.0/);
  });
});
