import { describe, expect, it } from '@jest/globals';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { run } from '../process.js';
import {
  applyToPath,
  type EnvironmentInput,
  type EnvironmentPlan,
  planEnvironment,
  renderShellExports,
} from './environment.js';

function linux(over: Partial<EnvironmentInput> = {}): EnvironmentInput {
  return {
    goRoot: '/opt/hostedtoolcache/go/1.22.5/x64',
    goPath: '/home/u/go',
    gotoolchain: 'local',
    env: { PATH: '/usr/bin:/bin', HOME: '/home/u' },
    os: 'linux',
    ...over,
  };
}

function windows(over: Partial<EnvironmentInput> = {}): EnvironmentInput {
  return {
    goRoot: 'C:\\hostedtoolcache\\go\\1.22.5\\x64',
    goPath: 'C:\\Users\\u\\go',
    gotoolchain: 'local',
    env: { PATH: 'C:\\Windows\\system32' },
    os: 'windows',
    ...over,
  };
}

describe('planEnvironment', () => {
  it('puts the install bin first, then GOPATH/bin', () => {
    const plan = planEnvironment(linux());
    expect(plan.path).toEqual(['/opt/hostedtoolcache/go/1.22.5/x64/bin', '/home/u/go/bin']);
    expect(plan.variables).toEqual({ GOTOOLCHAIN: 'local' });
    expect(plan.notes).toEqual([]);
  });

  it('uses GOBIN instead of GOPATH/bin when the job sets it', () => {
    const plan = planEnvironment(linux({ env: { GOBIN: '/srv/tools' } }));
    expect(plan.path).toEqual(['/opt/hostedtoolcache/go/1.22.5/x64/bin', '/srv/tools']);
  });

  it('treats an empty GOBIN as unset', () => {
    const plan = planEnvironment(linux({ env: { GOBIN: '' } }));
    expect(plan.path[1]).toBe('/home/u/go/bin');
  });

  it('takes the first entry of a GOPATH list, skipping empty entries', () => {
    expect(planEnvironment(linux({ goPath: '/a/go:/b/go' })).path[1]).toBe('/a/go/bin');
    expect(planEnvironment(linux({ goPath: '::/a/go:/b/go' })).path[1]).toBe('/a/go/bin');
  });

  it('splits a Windows GOPATH on ";" and keeps the drive colon', () => {
    const plan = planEnvironment(windows({ goPath: 'D:\\work\\go;C:\\Users\\u\\go' }));
    expect(plan.path).toEqual(['C:\\hostedtoolcache\\go\\1.22.5\\x64\\bin', 'D:\\work\\go\\bin']);
    expect(planEnvironment(windows()).path[1]).toBe('C:\\Users\\u\\go\\bin');
  });

  it('leaves GOTOOLCHAIN alone when the input is empty', () => {
    const plan = planEnvironment(linux({ gotoolchain: '' }));
    expect(plan.variables).toEqual({});
    expect(planEnvironment(linux({ gotoolchain: 'go1.22.5+auto' })).variables).toEqual({
      GOTOOLCHAIN: 'go1.22.5+auto',
    });
  });

  it('exports GOROOT, with a note, when a stale one names another Go', () => {
    const plan = planEnvironment(linux({ env: { GOROOT: '/usr/lib/go-1.18' } }));
    expect(plan.variables['GOROOT']).toBe('/opt/hostedtoolcache/go/1.22.5/x64');
    expect(plan.notes).toHaveLength(1);
    expect(plan.notes[0]).toContain('/usr/lib/go-1.18');
    expect(plan.notes[0]).toContain('verified install');
  });

  it('does not export GOROOT when it already names the install (or is unset)', () => {
    const same = planEnvironment(linux({ env: { GOROOT: '/opt/hostedtoolcache/go/1.22.5/x64/' } }));
    expect(same.variables).not.toHaveProperty('GOROOT');
    expect(same.notes).toEqual([]);
    expect(planEnvironment(linux({ env: { GOROOT: '' } })).variables).not.toHaveProperty('GOROOT');
  });

  it('compares a Windows GOROOT with Windows path rules', () => {
    const same = planEnvironment(windows({ env: { GOROOT: 'C:/hostedtoolcache/go/1.22.5/x64' } }));
    expect(same.variables).not.toHaveProperty('GOROOT');
    const stale = planEnvironment(windows({ env: { GOROOT: 'C:\\Program Files\\Go' } }));
    expect(stale.variables['GOROOT']).toBe('C:\\hostedtoolcache\\go\\1.22.5\\x64');
  });

  // Bug: with an empty GOPATH (what setup-go passes when `go env GOPATH` prints nothing and
  // HOME is unset: path.join('', 'go')) the plan puts a relative directory on PATH, so
  // commands would be looked up in the job's current directory.
  it('never puts a relative directory on PATH', () => {
    for (const goPath of ['', 'go']) {
      const plan = planEnvironment(linux({ goPath }));
      for (const dir of plan.path) expect(path.posix.isAbsolute(dir)).toBe(true);
    }
  });
});

describe('applyToPath', () => {
  const plan: EnvironmentPlan = { path: ['/go/bin', '/home/u/go/bin'], variables: {}, notes: [] };

  it('prepends the plan in order and drops duplicates and empty entries', () => {
    expect(applyToPath(plan, '/usr/bin:/home/u/go/bin::/bin:/go/bin', 'linux')).toBe(
      '/go/bin:/home/u/go/bin:/usr/bin:/bin',
    );
  });

  it('works on an empty PATH', () => {
    expect(applyToPath(plan, '', 'linux')).toBe('/go/bin:/home/u/go/bin');
  });

  it('uses ";" on Windows', () => {
    const win: EnvironmentPlan = {
      path: ['C:\\go\\bin', 'C:\\u\\go\\bin'],
      variables: {},
      notes: [],
    };
    expect(applyToPath(win, 'C:\\Windows;C:\\go\\bin;', 'windows')).toBe(
      'C:\\go\\bin;C:\\u\\go\\bin;C:\\Windows',
    );
  });
});

// Values a hostile or unlucky environment could hand us: quotes, command substitution,
// backticks, spaces, globs, a newline.
const HOSTILE = [
  `/opt/it's here/$(touch pwned-dollar)`,
  '/opt/`touch pwned-backtick`/"dq"/a b',
  '/opt/*; touch pwned-semicolon #',
  '/opt/line\nbreak/$HOME/${PATH}',
];

describe('renderShellExports sh', () => {
  it('renders export lines that keep the existing PATH', () => {
    const out = renderShellExports(planEnvironment(linux()), 'sh');
    expect(out).toBe(
      "export PATH='/opt/hostedtoolcache/go/1.22.5/x64/bin':'/home/u/go/bin':\"$PATH\"\n" +
        "export GOTOOLCHAIN='local'\n",
    );
  });

  it('survives hostile values when run by a real sh, with no command executed', async () => {
    const plan: EnvironmentPlan = {
      path: [HOSTILE[0]!, HOSTILE[1]!],
      variables: { GOTOOLCHAIN: HOSTILE[2]!, GOROOT: HOSTILE[3]! },
      notes: [],
    };
    const dir = await mkdtemp(path.join(os.tmpdir(), 'env-sh-'));
    try {
      const script =
        renderShellExports(plan, 'sh') + `printf '%s\\0' "$PATH" "$GOTOOLCHAIN" "$GOROOT"\n`;
      const result = await run('sh', ['-c', script], {
        cwd: dir,
        env: { PATH: '/usr/bin:/bin', HOME: '/home/nobody' },
      });
      expect(result.stderr).toBe('');
      expect(result.code).toBe(0);
      const [pathOut, toolchain, goroot] = result.stdout.split('\0');
      expect(pathOut).toBe(`${HOSTILE[0]}:${HOSTILE[1]}:/usr/bin:/bin`);
      expect(toolchain).toBe(HOSTILE[2]);
      expect(goroot).toBe(HOSTILE[3]);
      expect(await readdir(dir)).toEqual([]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

/**
 * Reads a PowerShell double-quoted string literal starting at `s[0]`, the way PowerShell's
 * tokenizer does: any of " “ ” „ opens and closes it, a doubled quote or a backtick escapes,
 * and an unescaped `$` followed by a name, `(` or `{` is an expansion (returned as null).
 */
function readPwshString(s: string): { value: string; rest: string } | null {
  const isQuote = (c: string | undefined) =>
    c === '"' || c === '\u201c' || c === '\u201d' || c === '\u201e';
  if (!isQuote(s[0])) return null;
  const escapes: Record<string, string> = { n: '\n', r: '\r', t: '\t', '0': '\0', a: '\x07' };
  let value = '';
  for (let i = 1; i < s.length; i++) {
    const c = s[i]!;
    if (c === '`') {
      const next = s[++i] ?? '';
      value += escapes[next] ?? next;
    } else if (isQuote(c)) {
      if (isQuote(s[i + 1])) {
        value += c;
        i++;
      } else {
        return { value, rest: s.slice(i + 1) };
      }
    } else if (c === '$' && /[A-Za-z_?({:]/.test(s[i + 1] ?? '')) {
      return null;
    } else {
      value += c;
    }
  }
  return null;
}

describe('renderShellExports pwsh', () => {
  it('renders $env assignments that keep the existing PATH', () => {
    const out = renderShellExports(planEnvironment(windows()), 'pwsh');
    expect(out).toBe(
      '$env:PATH = "C:\\hostedtoolcache\\go\\1.22.5\\x64\\bin;C:\\Users\\u\\go\\bin;" + $env:PATH\n' +
        '$env:GOTOOLCHAIN = "local"\n',
    );
  });

  it('escapes quotes, backticks and $ so every value reads back exactly', () => {
    const plan: EnvironmentPlan = {
      path: ['C:\\a"b', 'C:\\$(Remove-Item x)\\`t'],
      variables: {
        GOTOOLCHAIN: '"; Remove-Item -Recurse C:\\ ; "',
        GOROOT: 'C:\\$env:USERPROFILE',
      },
      notes: [],
    };
    const lines = renderShellExports(plan, 'pwsh').trimEnd().split('\n');
    const pathLine = readPwshString(lines[0]!.slice('$env:PATH = '.length));
    expect(pathLine).toEqual({ value: `${plan.path.join(';')};`, rest: ' + $env:PATH' });
    expect(readPwshString(lines[1]!.slice('$env:GOTOOLCHAIN = '.length))).toEqual({
      value: plan.variables['GOTOOLCHAIN'],
      rest: '',
    });
    expect(readPwshString(lines[2]!.slice('$env:GOROOT = '.length))).toEqual({
      value: plan.variables['GOROOT'],
      rest: '',
    });
  });

  // Bug: PowerShell also ends a double-quoted string at the typographic quotes “ ” „
  // (U+201C–U+201E), which pwshEscape leaves unescaped, so a value holding one breaks out of
  // the string: `$env:GOROOT = "x”; Remove-Item y; “"` runs Remove-Item.
  it('escapes typographic double quotes, which PowerShell also treats as quotes', () => {
    const value = 'C:\\x\u201d; Remove-Item y; \u201c';
    const plan: EnvironmentPlan = { path: [], variables: { GOROOT: value }, notes: [] };
    const line = renderShellExports(plan, 'pwsh').split('\n')[1]!;
    expect(readPwshString(line.slice('$env:GOROOT = '.length))).toEqual({ value, rest: '' });
  });
});
