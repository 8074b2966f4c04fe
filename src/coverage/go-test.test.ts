import { describe, expect, it } from '@jest/globals';
import { runGoTest } from './go-test.js';

// The runner is any program: node stands in for go and prints what a hostile test could.
const HOSTILE = `
process.stdout.write('=== RUN TestX\\n::add-mask::hello\\n');
process.stderr.write('##[warning]boom\\n');
process.stdout.write('--- FAIL: TestX ::warning title=Injected::boom');
process.exitCode = 1;
`;

describe('runGoTest', () => {
  it('echoes both streams between stop-commands and its token, the token on its own line', async () => {
    const parts: string[] = [];
    const result = await runGoTest(process.execPath, ['-e', HOSTILE], {
      cwd: process.cwd(),
      env: process.env,
      fence: true,
      write: (t) => void parts.push(t.toString()),
    });
    expect(result.code).toBe(1);
    const lines = parts.join('').split('\n');
    const token = /^::stop-commands::(sgv-[0-9a-f]{32})$/.exec(lines[0]!)?.[1];
    expect(token).toBeDefined();
    expect(lines.at(-1)).toBe('');
    expect(lines.at(-2)).toBe(`::${token}::`);
    // The two streams interleave as they come; every byte of both is inside the fence.
    const inside = lines.slice(1, -2).join('\n');
    for (const text of ['=== RUN TestX', '::add-mask::hello', '##[warning]boom'])
      expect(inside).toContain(text);
    expect(inside).toContain('--- FAIL: TestX ::warning title=Injected::boom');
  });

  it('reports a program that cannot start', async () => {
    const parts: string[] = [];
    await expect(
      runGoTest('/nonexistent/go', ['test'], {
        cwd: process.cwd(),
        env: process.env,
        fence: true,
        write: (t) => void parts.push(t.toString()),
      }),
    ).rejects.toThrow(/could not run \/nonexistent\/go/);
    // The fence opened is closed again: later lines of the step are read as usual.
    expect(parts.join('')).toMatch(/^::stop-commands::(sgv-[0-9a-f]{32})\n::\1::\n$/);
  });
});
