/** Lookup answers of the checksum database: `<id>\n<record text>\n<signed tree note>`. */
import { VerificationError } from '../../errors.js';

/** A lookup answer split into its parts: `<id>\n<record text>\n<signed tree note>`. */
export interface LookupResponse {
  readonly id: number;
  /** The record text, ending in a newline: the bytes whose leaf hash is in the log. */
  readonly record: string;
  readonly note: string;
}

function malformedLookup(found: string, where: string): VerificationError {
  return new VerificationError(
    'checksum database lookup answer',
    'a record id line, the record lines, a blank line and a signed tree note',
    found,
    where,
  );
}

/** Parses a lookup answer; the record text must be valid record text as Go defines it. */
export function parseLookupResponse(body: Uint8Array, where: string): LookupResponse {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(body);
  } catch {
    throw malformedLookup('bytes that are not valid UTF-8', where);
  }
  const nl = text.indexOf('\n');
  const idText = nl < 0 ? text : text.slice(0, nl);
  if (nl < 0 || !/^(0|[1-9][0-9]*)$/.test(idText) || !Number.isSafeInteger(Number(idText))) {
    throw malformedLookup(`first line ${JSON.stringify(idText.slice(0, 40))}`, where);
  }
  const rest = text.slice(nl + 1);
  const blank = rest.indexOf('\n\n');
  if (blank < 0) throw malformedLookup('no blank line after the record', where);
  const record = rest.slice(0, blank + 1);
  // eslint-disable-next-line no-control-regex
  if (record === '\n' || /[\u0000-\u0009\u000b-\u001f]/.test(record)) {
    throw malformedLookup('an empty record or control characters in it', where);
  }
  return { id: Number(idText), record, note: rest.slice(blank + 2) };
}

/** The go.sum lines of the record for this module version, and their hashes. */
export function recordLines(
  answer: LookupResponse,
  module: string,
  version: string,
  where: string,
): { lines: string[]; h1: string; goModH1?: string } {
  const lines = answer.record.slice(0, -1).split('\n');
  const zipPrefix = `${module} ${version} `;
  const modPrefix = `${module} ${version}/go.mod `;
  const mine = lines.filter((l) => l.startsWith(zipPrefix) || l.startsWith(modPrefix));
  const h1 = hashOf(mine, zipPrefix);
  if (h1 === undefined) {
    throw new VerificationError(
      `checksum database record ${answer.id}`,
      `a line "${zipPrefix}h1:…"`,
      JSON.stringify(answer.record),
      where,
    );
  }
  const goModH1 = hashOf(mine, modPrefix);
  return { lines: mine, h1, ...(goModH1 === undefined ? {} : { goModH1 }) };
}

function hashOf(lines: readonly string[], prefix: string): string | undefined {
  const line = lines.find((l) => l.startsWith(prefix) && l.slice(prefix.length).startsWith('h1:'));
  return line?.slice(prefix.length);
}
