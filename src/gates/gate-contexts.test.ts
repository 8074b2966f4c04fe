import { describe, expect, it } from '@jest/globals';
import * as path from 'node:path';
import type { GoModule } from '../go/modules.js';
import { moduleScope, withGoFirstOnPath } from './gate-contexts.js';

const root = path.resolve('/repo');

function mod(rel: string): GoModule {
  return { dir: path.join(root, rel), path: `example.com/${rel}`, toolPins: {}, localDirs: [] };
}

describe('withGoFirstOnPath', () => {
  const go = path.join(root, 'go', 'bin', 'go');

  it("puts the toolchain's bin directory first, keeping the rest and the variable's name", () => {
    const env = withGoFirstOnPath(
      { Path: ['/usr/bin', '/bin'].join(path.delimiter), HOME: '/h' },
      go,
    );
    expect(env).toEqual({
      Path: [path.dirname(go), '/usr/bin', '/bin'].join(path.delimiter),
      HOME: '/h',
    });
  });

  it('sets PATH when there is none', () => {
    expect(withGoFirstOnPath({}, go)).toEqual({ PATH: path.dirname(go) });
  });
});

describe('moduleScope', () => {
  const a = mod('a');
  const nested = mod(path.join('a', 'nested'));
  const modules = [a, nested];

  it('is the whole module without staged files', () => {
    expect(moduleScope(a, modules, root, undefined)).toEqual({ patterns: ['./...'] });
  });

  it("keeps the module's own staged files and packages, not a nested module's", () => {
    const staged = {
      repoRoot: root,
      files: ['a/x.go', 'a/sub/y.go', 'a/nested/z.go', 'b/w.go'],
      packageDirs: ['a', 'a/nested', 'a/sub', 'b'],
    };
    expect(moduleScope(a, modules, root, staged)).toEqual({
      patterns: ['.', './sub'],
      files: [
        path.join(root, 'a', 'x.go'),
        path.join(root, 'a', 'sub', 'y.go'),
        path.join(root, 'a', 'nested', 'z.go'),
      ],
    });
    expect(moduleScope(nested, modules, root, staged)?.patterns).toEqual(['.']);
  });

  it('is nothing when no staged file is in the module', () => {
    const staged = { repoRoot: root, files: ['b/w.go'], packageDirs: ['b'] };
    expect(moduleScope(a, modules, root, staged)).toBeUndefined();
  });
});
