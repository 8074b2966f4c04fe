/**
 * Coverage percentages as Go prints them. `go test` ("coverage: 81.4% of statements") and
 * `go tool cover -func` both format `100.0 * float64(covered) / float64(total)` with `%.1f`.
 * Every figure this project prints goes through formatPercent, so the `coverage` output, the
 * summary, the badge and the reports agree with each other and with Go to the last digit.
 */

/** Bits of a float64: it is `mantissa * 2^exponent` exactly. */
function decompose(x: number): { mantissa: bigint; exponent: number } {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, x);
  const bits = view.getBigUint64(0);
  const biased = Number((bits >> 52n) & 0x7ffn);
  const fraction = bits & ((1n << 52n) - 1n);
  if (biased === 0) return { mantissa: fraction, exponent: -1074 };
  return { mantissa: fraction | (1n << 52n), exponent: biased - 1075 };
}

/**
 * One decimal, exactly as Go's `%.1f` prints `100.0 * float64(covered) / float64(statements)`.
 *
 * The quotient is the same IEEE-754 double Go computes (JavaScript numbers are float64 and the
 * two operations round identically). It is then rounded to tenths on its exact binary value,
 * half to even, as Go's strconv does. Rounding the exact fraction instead would differ from
 * Go: 247 of 2000 is exactly 12.35, but the double is 12.3499…, which Go prints as 12.3.
 * JavaScript's toFixed is exact too but breaks ties upwards (12.25 -> 12.3; Go prints 12.2).
 *
 * No statements prints "0.0", as `go tool cover -func` does (it divides by 1 instead of 0);
 * thresholds treat such code as met, since nothing in it can be covered.
 */
export function formatPercent(covered: number, statements: number): string {
  if (!Number.isSafeInteger(covered) || !Number.isSafeInteger(statements)) {
    throw new RangeError(`statement counts must be integers, got ${covered} of ${statements}`);
  }
  if (covered < 0 || statements < 0 || covered > statements) {
    throw new RangeError(`impossible statement counts: ${covered} covered of ${statements}`);
  }
  const value = (100 * covered) / (statements === 0 ? 1 : statements);
  const { mantissa, exponent } = decompose(value);
  let tenths: bigint;
  if (exponent >= 0) {
    tenths = mantissa * 10n * (1n << BigInt(exponent));
  } else {
    const num = mantissa * 10n;
    const den = 1n << BigInt(-exponent);
    tenths = num / den;
    const twice = (num % den) * 2n;
    if (twice > den || (twice === den && tenths % 2n === 1n)) tenths += 1n;
  }
  return `${tenths / 10n}.${tenths % 10n}`;
}
