import { describe, expect, it } from '@jest/globals';
import { fenced, fenceToken, inert, startsCommand } from './log-text.js';

describe('inert', () => {
  it('keeps a hostile name on one line, with % escaped first', () => {
    const name = 'x\n::warning title=Injected::boom\r\n::add-mask::hello 100%';
    const out = inert(name);
    expect(out).not.toMatch(/[\r\n]/);
    expect(out).toBe('x%0A::warning title=Injected::boom%0D%0A::add-mask::hello 100%25');
    expect(startsCommand(`restored from ${out}`)).toBe(false);
  });
});

describe('startsCommand', () => {
  it('finds a command at the start of any line, after blanks', () => {
    expect(startsCommand('::add-mask::x')).toBe(true);
    expect(startsCommand('ok\n  ::error::x')).toBe(true);
    expect(startsCommand('ok\r::debug::x')).toBe(true);
    expect(startsCommand('a :: b')).toBe(false);
    expect(startsCommand('path/to::x')).toBe(false);
  });
});

describe('fenced', () => {
  it('turns commands off around the text with a token the text cannot guess', () => {
    const a = fenceToken();
    const b = fenceToken();
    expect(a).not.toBe(b);
    expect(a).toMatch(/^sgv-[0-9a-f]{32}$/);
    const out = fenced('::add-mask::x\n::endgroup::', a).split('\n');
    expect(out[0]).toBe(`::stop-commands::${a}`);
    expect(out.slice(1, -1)).toEqual(['::add-mask::x', '::endgroup::']);
    expect(out[out.length - 1]).toBe(`::${a}::`);
  });
});
