/**
 * The one line of a `sha256sum`-style file (golangci-lint's `checksums.txt`, staticcheck's
 * `<asset>.sha256`) that names a release archive, read strictly: exact file name, a real
 * SHA-256, no second line that disagrees.
 */
import { VerificationError } from '../errors.js';

const SHA256_HEX = /^[0-9a-fA-F]{64}$/;

/**
 * The lowercase SHA-256 a `sha256sum`-style file (`<hex>  <name>`, or `<hex> *<name>`) gives
 * for exactly `fileName`. Other names never match, however much of `fileName` they contain
 * (`<asset>.sbom.json`, `x-<asset>`). Throws a VerificationError when there is no such line,
 * when its hash is not a SHA-256, or when two lines give different hashes.
 */
export function checksumFor(
  checksumsTxt: string,
  fileName: string,
  where = 'the checksums file',
): string {
  const what = `the checksums entry for ${fileName}`;
  const expected = `one line "<sha256>  ${fileName}"`;
  let found: string | undefined;
  const lines = checksumsTxt.split('\n');
  for (const [i, line] of lines.entries()) {
    const m = /^\s*(\S+)\s+\*?(.*?)\s*$/.exec(line);
    if (!m || m[2] !== fileName) continue;
    const hash = m[1]!;
    if (!SHA256_HEX.test(hash)) {
      throw new VerificationError(
        what,
        expected,
        `${JSON.stringify(hash)} on line ${i + 1}`,
        where,
      );
    }
    const lower = hash.toLowerCase();
    if (found !== undefined && found !== lower) {
      throw new VerificationError(
        what,
        expected,
        `lines with different hashes (${found} and ${lower}, the second on line ${i + 1})`,
        where,
      );
    }
    found = lower;
  }
  if (found === undefined) {
    throw new VerificationError(
      what,
      expected,
      'no such line (the release may not publish this file)',
      where,
    );
  }
  return found;
}
