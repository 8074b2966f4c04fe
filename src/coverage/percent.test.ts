import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { formatPercent } from './percent.js';

// What `go test` and `go tool cover -func` compute and print (internal/coverage/cformat,
// cmd/cover/func.go), for pairs read from stdin.
const GO_PRINTER = `package main

import (
	"bufio"
	"fmt"
	"os"
)

func main() {
	in := bufio.NewScanner(os.Stdin)
	out := bufio.NewWriter(os.Stdout)
	defer out.Flush()
	for in.Scan() {
		var covered, total int64
		fmt.Sscan(in.Text(), &covered, &total)
		t := total
		if t == 0 {
			t = 1
		}
		fmt.Fprintf(out, "%.1f\\n", 100.0*float64(covered)/float64(t))
	}
}
`;

/** Deterministic pseudo-random integers (a 32-bit LCG), so failures reproduce. */
function lcg(seed: number): () => number {
  let x = seed >>> 0;
  return () => (x = (Math.imul(x, 1664525) + 1013904223) >>> 0);
}

describe('formatPercent', () => {
  it('prints one decimal', () => {
    expect(formatPercent(5, 7)).toBe('71.4');
    expect(formatPercent(2, 3)).toBe('66.7');
    expect(formatPercent(3, 4)).toBe('75.0');
    expect(formatPercent(1, 1)).toBe('100.0');
    expect(formatPercent(0, 9)).toBe('0.0');
    expect(formatPercent(1, 2000)).toBe('0.1'); // 0.05 is 0.05000000000000000277 as a double
    expect(formatPercent(814, 1000)).toBe('81.4');
  });

  it('prints 0.0 for no statements, as go tool cover -func does', () => {
    expect(formatPercent(0, 0)).toBe('0.0');
  });

  it("rounds the double Go computes half to even, as Go's %.1f does", () => {
    // 49/400 is exactly 12.25, a double too: a true tie, to even (toFixed would say 12.3).
    expect(formatPercent(49, 400)).toBe('12.2');
    expect(formatPercent(51, 400)).toBe('12.8'); // 12.75
    // 247/2000 is exactly 12.35, but the double below it is what Go prints from: 12.3.
    expect(formatPercent(247, 2000)).toBe('12.3');
  });

  it('refuses counts that cannot be statement counts', () => {
    expect(() => formatPercent(3, 2)).toThrow('impossible statement counts: 3 covered of 2');
    expect(() => formatPercent(-1, 2)).toThrow(RangeError);
    expect(() => formatPercent(0.5, 2)).toThrow('statement counts must be integers');
    expect(() => formatPercent(1, Number.NaN)).toThrow(RangeError);
  });

  describe('against Go itself', () => {
    let dir: string;
    beforeAll(() => {
      dir = mkdtempSync(path.join(os.tmpdir(), 'percent-'));
      writeFileSync(path.join(dir, 'main.go'), GO_PRINTER);
    });
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    it('agrees on every pair up to 300 statements and on random and huge counts', () => {
      const pairs: [number, number][] = [[0, 0]];
      for (let s = 1; s <= 300; s++) for (let c = 0; c <= s; c++) pairs.push([c, s]);
      const next = lcg(20240601);
      for (let i = 0; i < 3000; i++) {
        const s = 1 + (next() % (i % 2 === 0 ? 100_000 : 4_000_000_000));
        pairs.push([Math.floor((next() / 2 ** 32) * (s + 1)), s]);
      }
      const max = Number.MAX_SAFE_INTEGER;
      pairs.push([max, max], [max - 1, max], [12_345_678_901_234, 98_765_432_109_876], [1, max]);

      const r = spawnSync('go', ['run', 'main.go'], {
        cwd: dir,
        input: pairs.map(([c, s]) => `${c} ${s}`).join('\n'),
        encoding: 'utf8',
        env: { ...process.env, GOTOOLCHAIN: 'local', GO111MODULE: 'off' },
        maxBuffer: 64 * 1024 * 1024,
      });
      expect(r.stderr).toBe('');
      const goPrints = r.stdout.trimEnd().split('\n');
      expect(goPrints).toHaveLength(pairs.length);
      const differ = pairs
        .map(([c, s], i) => ({ c, s, go: goPrints[i], ours: formatPercent(c, s) }))
        .filter((x) => x.go !== x.ours);
      expect(differ).toEqual([]);
    });
  });
});
