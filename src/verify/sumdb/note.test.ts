import { describe, it, expect } from '@jest/globals';
import { generateKeyPairSync } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { InputError, VerificationError } from '../../errors.js';
import {
  SUM_GOLANG_ORG_KEY,
  formatTreeNote,
  formatVerifierKey,
  keyHash,
  openNote,
  parseTreeNote,
  parseVerifierKey,
  signNote,
} from './note.js';

const lookup = readFileSync(
  new URL(
    '../../../testdata/sumdb-lookup-golang.org-toolchain@v0.0.1-go1.21.9.linux-amd64.txt',
    import.meta.url,
  ),
  'utf8',
);
/** The signed tree note of the real lookup answer: everything after the record. */
const realNote = lookup.slice(lookup.indexOf('\n\n') + 2);
const sumGolangOrg = parseVerifierKey(SUM_GOLANG_ORG_KEY);

function testKey(name: string) {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  const raw = publicKey.export({ format: 'der', type: 'spki' }).subarray(-32);
  const vkey = formatVerifierKey(name, raw);
  return { name, publicKey: raw, privateKey, vkey, verifier: parseVerifierKey(vkey) };
}

describe('parseVerifierKey', () => {
  it('parses the sum.golang.org key and checks its key hash', () => {
    expect(sumGolangOrg.name).toBe('sum.golang.org');
    expect(sumGolangOrg.keyHash).toBe(0x033de0ae);
    expect(sumGolangOrg.publicKey).toHaveLength(32);
  });

  it('rejects a key whose hash does not match its name and key', () => {
    expect(() => parseVerifierKey(SUM_GOLANG_ORG_KEY.replace('033de0ae', '033de0af'))).toThrow(
      /inconsistent.*hash to 033de0ae/,
    );
    // Same key under another name: the key hash binds the name.
    expect(() =>
      parseVerifierKey(SUM_GOLANG_ORG_KEY.replace('sum.golang.org', 'sum.evil.org')),
    ).toThrow(InputError);
  });

  it('rejects malformed keys', () => {
    for (const bad of [
      'sum.golang.org',
      'sum.golang.org+033de0ae',
      'sum.golang.org+033de0a+Ac4zctda0e5eza+HJyk9SxEdh+s3Ux18htTTAD8OuAn8',
      'sum golang+033de0ae+Ac4zctda0e5eza+HJyk9SxEdh+s3Ux18htTTAD8OuAn8',
      'sum.golang.org+033de0ae+not*base64',
      '+033de0ae+Ac4zctda0e5eza+HJyk9SxEdh+s3Ux18htTTAD8OuAn8',
    ]) {
      expect(() => parseVerifierKey(bad)).toThrow(InputError);
    }
  });

  it('rejects unknown algorithms and wrong key lengths', () => {
    const t = testKey('example.com');
    const keyData = Buffer.from(t.vkey.split('+')[2] as string, 'base64');
    keyData[0] = 2;
    const other = formatWithRawKeyData('example.com', keyData);
    expect(() => parseVerifierKey(other)).toThrow(/unknown algorithm 2/);
    const short = formatWithRawKeyData('example.com', keyData.subarray(0, 20).fill(1, 0, 1));
    expect(() => parseVerifierKey(short)).toThrow(/32 bytes/);
  });

  it('round-trips keys it formats', () => {
    const t = testKey('log.example.com');
    expect(t.verifier.name).toBe('log.example.com');
    expect(t.verifier.publicKey.equals(Buffer.from(t.publicKey))).toBe(true);
  });
});

/** A verifier key string with a correct key hash for arbitrary key data. */
function formatWithRawKeyData(name: string, keyData: Buffer): string {
  return `${name}+${keyHash(name, keyData).toString(16).padStart(8, '0')}+${keyData.toString('base64')}`;
}

describe('openNote', () => {
  it('verifies the real tree note signed by sum.golang.org', () => {
    const note = openNote(realNote, [sumGolangOrg], 'testdata');
    expect(note.text).toBe(
      'go.sum database tree\n28905453\nf3f8U0MoQmXkWAgAEKDtXcaI3c2y6N9+55KNSRefF/w=\n',
    );
    expect(note.signatures).toEqual([
      { name: 'sum.golang.org', keyHash: 0x033de0ae, base64: expect.any(String) },
    ]);
    const tree = parseTreeNote(note.text);
    expect(tree.size).toBe(28905453);
    expect(tree.hash.toString('base64')).toBe('f3f8U0MoQmXkWAgAEKDtXcaI3c2y6N9+55KNSRefF/w=');
  });

  it('rejects the real note with a changed tree size or root', () => {
    for (const tampered of [
      realNote.replace('28905453', '28905454'),
      realNote.replace('f3f8U0Mo', 'f3f8U0Mp'),
    ]) {
      expect(() => openNote(tampered, [sumGolangOrg], 'tampered')).toThrow(
        /Ed25519 signature by sum\.golang\.org\+033de0ae.*does not match.*invalid signature.*from tampered/,
      );
    }
  });

  it('rejects a forged signature', () => {
    const sigLine = realNote.slice(realNote.indexOf('\u2014'));
    const raw = Buffer.from(sigLine.trim().split(' ')[2] as string, 'base64');
    raw[10] = (raw[10] as number) ^ 1;
    const forged = realNote.replace(sigLine, `\u2014 sum.golang.org ${raw.toString('base64')}\n`);
    expect(() => openNote(forged, [sumGolangOrg])).toThrow(VerificationError);
  });

  it('ignores unknown signers but needs one known signature', () => {
    const a = testKey('a.example');
    const b = testKey('b.example');
    const text = 'hello\nworld\n';
    const byA = signNote(text, a);
    const byB = signNote(text, b);
    const both = byA + byB.slice(byB.indexOf('\u2014'));
    const opened = openNote(both, [b.verifier]);
    expect(opened.text).toBe(text);
    expect(opened.signatures.map((s) => s.name)).toEqual(['b.example']);
    expect(opened.unverified.map((s) => s.name)).toEqual(['a.example']);
    expect(() => openNote(byA, [b.verifier], 'x')).toThrow(
      /signers of the note.*expected a signature by b\.example\+[0-9a-f]{8}.*signatures only by a\.example/,
    );
    // The real note is signed by a key the test key does not know.
    expect(() => openNote(realNote, [a.verifier])).toThrow(/only by sum\.golang\.org\+033de0ae/);
  });

  it('fails on a bad signature by a known key even when another known key signed', () => {
    const a = testKey('a.example');
    const b = testKey('b.example');
    const byA = signNote('text\n', a);
    const byBOther = signNote('other\n', b);
    const mixed = byA + byBOther.slice(byBOther.indexOf('\u2014'));
    expect(() => openNote(mixed, [a.verifier, b.verifier])).toThrow(/signature by b\.example/);
  });

  it('rejects malformed notes with a clear reason', () => {
    const a = testKey('a.example');
    const good = signNote('text\n', a);
    const sig = good.slice(good.indexOf('\u2014'));
    const cases: [string | Uint8Array, RegExp][] = [
      ['text\n' + sig, /no blank line/],
      ['text\n\n', /no signature lines/],
      ['text\n\n' + sig.trimEnd(), /no signature lines ending in a newline/],
      ['text\n\n- a.example AAAA\n', /without the "\u2014 " prefix/],
      ['text\n\n\u2014 a.example\n', /malformed signature line/],
      ['text\n\n\u2014 a.example !!!!\n', /malformed signature line/],
      ['text\n\n\u2014 a.example AAAA\n', /malformed signature line/], // shorter than 5 bytes
      ['te\txt\n\n' + sig, /control character/],
      [Buffer.concat([Buffer.from('te'), Buffer.from([0xff]), Buffer.from('\n\n' + sig)]), /UTF-8/],
    ];
    for (const [msg, reason] of cases) {
      expect(() => openNote(msg, [a.verifier])).toThrow(reason);
    }
  });

  it('signs exactly the text including its final newline', () => {
    const a = testKey('a.example');
    const signed = signNote('line one\nline two\n', a);
    expect(signed.startsWith('line one\nline two\n\n\u2014 a.example ')).toBe(true);
    // Moving the newline changes the signed bytes.
    const moved = signed.replace('line one\nline two\n\n', 'line one\nline two \n\n');
    expect(() => openNote(moved, [a.verifier])).toThrow(/invalid signature/);
  });
});

describe('parseTreeNote', () => {
  const hash = Buffer.alloc(32, 7);
  it('parses and formats', () => {
    const text = formatTreeNote({ size: 12345, hash });
    expect(text).toBe(`go.sum database tree\n12345\n${hash.toString('base64')}\n`);
    expect(parseTreeNote(text)).toEqual({ size: 12345, hash });
    // Extra lines after the hash are allowed for forward compatibility.
    expect(parseTreeNote(`${text}extra\n`).size).toBe(12345);
  });

  it('rejects malformed tree notes', () => {
    const b64 = hash.toString('base64');
    for (const bad of [
      `go.sum database tre\n1\n${b64}\n`,
      `go.sum database tree\n01\n${b64}\n`,
      `go.sum database tree\n-1\n${b64}\n`,
      `go.sum database tree\n99999999999999999999\n${b64}\n`,
      `go.sum database tree\n1\n${b64}`,
      `go.sum database tree\n1\n${Buffer.alloc(31).toString('base64')}\n`,
    ]) {
      expect(() => parseTreeNote(bad, 'here')).toThrow(/tree note does not match.*from here/);
    }
  });
});
