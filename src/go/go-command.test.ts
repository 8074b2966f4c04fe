import { describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { goEnv, parseGoEnvJson, parseGoVersion } from './go-command.js';

describe('parseGoVersion', () => {
  it.each([
    [
      'go version go1.22.5 linux/amd64\n',
      { version: 'go1.22.5', extras: [], platform: 'linux/amd64' },
    ],
    [
      'go version go1.22.5 X:boringcrypto linux/amd64',
      { version: 'go1.22.5', extras: ['X:boringcrypto'], platform: 'linux/amd64' },
    ],
    [
      'go version devel go1.24-abc123 Tue Jan 2 15:04:05 2024 +0000 darwin/arm64',
      {
        version: 'devel go1.24-abc123',
        extras: ['Tue', 'Jan', '2', '15:04:05', '2024', '+0000'],
        platform: 'darwin/arm64',
      },
    ],
    ['go version go1.21.3-corp', { version: 'go1.21.3-corp', extras: [] }],
  ])('reads %j', (line, expected) => {
    expect(parseGoVersion(line)).toEqual(expected);
  });

  it.each(['', 'go: command not found', 'go version ', 'version go1.22.5 linux/amd64'])(
    'refuses %j',
    (line) => {
      expect(parseGoVersion(line)).toBeUndefined();
    },
  );
});

describe('parseGoEnvJson', () => {
  it('takes an object of strings', () => {
    expect(parseGoEnvJson('{"GOROOT": "/go", "CGO_ENABLED": "1"}')).toEqual({
      ok: true,
      vars: { GOROOT: '/go', CGO_ENABLED: '1' },
    });
  });

  it.each([
    ['go: unknown flag -json', /printed no JSON: go: unknown flag -json/],
    ['["GOROOT"]', /no JSON object/],
    ['{"GOROOT": 1}', /GOROOT a non-string value/],
  ])('says what is wrong with %j', (text, problem) => {
    const r = parseGoEnvJson(text);
    expect(r.ok).toBe(false);
    expect(r.ok ? '' : r.problem).toMatch(problem);
  });
});

describe('goEnv', () => {
  it('asks the machine go, and names the binary when it fails', async () => {
    const go = execFileSync('go', ['env', 'GOROOT'], { encoding: 'utf8' }).trim() + '/bin/go';
    const vars = await goEnv(go, ['GOROOT', 'GOVERSION'], { env: process.env });
    expect(vars['GOVERSION']).toMatch(/^go1\./);
    await expect(goEnv(go, ['-notaflag'], { env: process.env })).rejects.toThrow(
      new RegExp(`${go} env failed \\(exit \\d+\\)`),
    );
  });
});
