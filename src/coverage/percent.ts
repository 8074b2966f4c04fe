/**
 * Percentages of covered statements, computed on the integer counts so a figure and a
 * threshold are never compared through float noise.
 */

/**
 * One decimal, as `go tool cover -func` prints a total, rounded half to even on the exact
 * fraction. No statements prints 0.0, as go tool cover does.
 */
export function formatPercent(covered: number, statements: number): string {
  if (statements <= 0) return '0.0';
  // tenths = covered * 1000 / statements, rounded half to even, in BigInt so it stays exact.
  const num = BigInt(covered) * 1000n;
  const den = BigInt(statements);
  let q = num / den;
  const twice = (num % den) * 2n;
  if (twice > den || (twice === den && q % 2n === 1n)) q += 1n;
  const s = q.toString().padStart(2, '0');
  return `${s.slice(0, -1)}.${s.slice(-1)}`;
}

/** A threshold as an exact fraction: `80.25` is 8025 / 100. */
export interface ExactPercent {
  readonly text: string;
  readonly numerator: bigint;
  readonly denominator: bigint;
}

/** Parses `80`, `80.25` or `80.25%`; undefined when it is not a plain decimal. */
export function parseExactPercent(raw: string): ExactPercent | undefined {
  const m = /^(\d{1,3})(?:\.(\d{1,6}))?%?$/.exec(raw.trim());
  if (!m) return undefined;
  const frac = m[2] ?? '';
  const numerator = BigInt(m[1]! + frac);
  const denominator = 10n ** BigInt(frac.length);
  return { text: raw.trim().replace(/%$/, ''), numerator, denominator };
}

/** covered/statements*100 >= threshold, exactly. Nothing to cover meets every threshold. */
export function meetsPercent(covered: number, statements: number, t: ExactPercent): boolean {
  if (statements <= 0) return true;
  return BigInt(covered) * 100n * t.denominator >= t.numerator * BigInt(statements);
}
