import { describe, expect, it } from '@jest/globals';
import { toolPinsOf, toolsGoImports } from './tool-pins.js';

describe('tool pins', () => {
  it('reads blank imports of a tools.go only under the tools build tag', () => {
    const src =
      '//go:build tools\n\npackage tools\n\nimport (\n\t_ "honnef.co/go/tools/cmd/staticcheck"\n\t_ "golang.org/x/tools/cmd/stringer"\n)\n';
    expect(toolsGoImports(src)).toEqual([
      'honnef.co/go/tools/cmd/staticcheck',
      'golang.org/x/tools/cmd/stringer',
    ]);
    expect(toolsGoImports(src.replace('//go:build tools', '//go:build linux'))).toEqual([]);
    expect(
      toolsGoImports(
        '//go:build tools\npackage tools\nimport _ "honnef.co/go/tools/cmd/staticcheck"\n',
      ),
    ).toEqual(['honnef.co/go/tools/cmd/staticcheck']);
  });

  it('needs both the require and the tool use', () => {
    const mod = { Require: [{ Path: 'honnef.co/go/tools', Version: 'v0.5.1' }], Tool: [] };
    expect(toolPinsOf(mod, [])).toEqual({ staticcheck: undefined, golangci: undefined });
    expect(toolPinsOf(mod, ['honnef.co/go/tools/cmd/staticcheck']).staticcheck).toEqual({
      version: 'v0.5.1',
      how: 'tools.go',
    });
    expect(
      toolPinsOf({ Tool: [{ Path: 'honnef.co/go/tools/cmd/staticcheck' }] }, []).staticcheck,
    ).toBeUndefined();
  });
});
