/** The GOSUMDB setting: which checksum database to use, its verifier key and its URL. */
import { InputError } from '../../errors.js';
import { parseVerifierKey, SUM_GOLANG_ORG_KEY, type Verifier } from './note.js';

/** Which checksum database to use and how to reach it without a proxy. */
export interface SumdbSettings {
  readonly name: string;
  readonly verifier: Verifier;
  /** The database's own URL, used when no proxy in GOPROXY serves it. */
  readonly directUrl: string;
}

/**
 * Parses a GOSUMDB setting as the go command does: empty → sum.golang.org; a known name;
 * a verifier key `name+hash+key`; optionally followed by the database URL.
 */
export function parseGosumdb(value: string | undefined): SumdbSettings {
  const fields = (value ?? '').trim().split(/\s+/).filter(Boolean);
  if (fields.length === 0) fields.push('sum.golang.org');
  if (fields[0] === 'off') {
    throw new InputError(
      'GOSUMDB=off: the checksum database is disabled, so module downloads cannot be verified',
    );
  }
  if (fields.length > 2) {
    throw new InputError(
      `invalid GOSUMDB ${JSON.stringify(value)}: expected "<name or key> [<url>]"`,
    );
  }
  let key = fields[0] as string;
  let directUrl: string | undefined;
  if (key === 'sum.golang.org') key = SUM_GOLANG_ORG_KEY;
  else if (key === 'sum.golang.google.cn') {
    // The mirror for mainland China serves the same log under the same key.
    key = SUM_GOLANG_ORG_KEY;
    directUrl = 'https://sum.golang.google.cn';
  }
  const verifier = parseVerifierKey(key);
  const url = fields[1];
  if (url !== undefined) {
    try {
      const parsed = new URL(url);
      if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') throw new Error('scheme');
    } catch {
      throw new InputError(`invalid GOSUMDB URL ${JSON.stringify(url)}`);
    }
    directUrl = url;
  }
  return {
    name: verifier.name,
    verifier,
    directUrl: (directUrl ?? `https://${verifier.name}`).replace(/\/+$/, ''),
  };
}
