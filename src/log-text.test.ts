import { describe, expect, it } from '@jest/globals';
import { fenced, fencedStream, fenceToken, inert, startsCommand } from './log-text.js';

/**
 * The runner's reading of a log, from its own rules: lines end at CR or LF; a line is a
 * command when its start, trimmed of any whitespace, is `::name …::`, or when it holds
 * `##[name]` anywhere; between `::stop-commands::T` and `::T::` nothing else is one.
 */
function commandsIn(log: string): string[] {
  const found: string[] = [];
  let stopToken: string | undefined;
  for (const line of log.split(/\r\n|\r|\n/)) {
    const v2 = /^::([^ :]+)[^]*?::/.exec(line.replace(/^[\s\u0085]+/, ''));
    const legacy = /##\[([^ \]]+)[^\]]*\]/.exec(line);
    const name = v2?.[1] ?? legacy?.[1];
    if (name === undefined) continue;
    if (stopToken !== undefined) {
      if (name === stopToken) stopToken = undefined;
      continue;
    }
    if (name === 'stop-commands') stopToken = line.trim().slice('::stop-commands::'.length);
    else found.push(name);
  }
  return found;
}

const HOSTILE = [
  'x\n::warning title=Injected::boom\r\n::add-mask::hello 100%',
  '::add-mask::hello',
  '  ::warning::boom',
  '\u00a0\u2003\u0085::add-mask::hello',
  '\v\f::error::boom',
  'x ##[add-mask]hello',
  'x ###[warning]boom',
];

describe('inert', () => {
  it('keeps a hostile name on one line, with % escaped first', () => {
    const out = inert(HOSTILE[0]!);
    expect(out).not.toMatch(/[\r\n]/);
    expect(out).toBe('x%0A::warning title=Injected::boom%0D%0A::add-mask::hello 100%25');
    expect(startsCommand(`restored from ${out}`)).toBe(false);
  });

  it('leaves no command in any name, alone on a line or inside one', () => {
    for (const name of HOSTILE) {
      expect(commandsIn(name).length).toBeGreaterThan(0);
      expect(commandsIn(inert(name))).toEqual([]);
      expect(commandsIn(`restored ${inert(name)} done`)).toEqual([]);
      expect(startsCommand(inert(name))).toBe(false);
    }
  });

  it('leaves ordinary names alone', () => {
    for (const name of [
      'go.sum',
      'example.com/m/v2',
      'http://[::1]:8080/x',
      'C:\\a\\b',
      'a#b[c]',
    ]) {
      expect(inert(name)).toBe(name);
    }
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

  it('agrees with the runner on every hostile name', () => {
    for (const name of HOSTILE) expect(startsCommand(name)).toBe(true);
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
    for (const name of HOSTILE) expect(commandsIn(fenced(name))).toEqual([]);
  });
});

describe('fencedStream', () => {
  it('keeps commands off across chunks and ends the fence on a line of its own', () => {
    const parts: string[] = [];
    const out = (t: string | Buffer): void => void parts.push(t.toString());
    const s = fencedStream(out, 'sgv-t');
    s.write(Buffer.from('ok  example.com/m\n::add-'));
    s.write('mask::hello');
    s.end();
    s.end();
    const log = parts.join('');
    expect(log).toBe('::stop-commands::sgv-t\nok  example.com/m\n::add-mask::hello\n::sgv-t::\n');
    expect(commandsIn(`${log}::notice::after`)).toEqual(['notice']);
    expect(commandsIn(log)).toEqual([]);
  });

  it('adds no blank line after output that ended its line', () => {
    const parts: string[] = [];
    const s = fencedStream((t) => void parts.push(t.toString()), 'sgv-t');
    s.write('PASS\r\n');
    s.end();
    expect(parts.join('')).toBe('::stop-commands::sgv-t\nPASS\r\n::sgv-t::\n');
  });
});
