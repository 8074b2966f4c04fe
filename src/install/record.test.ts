import { describe, expect, it } from '@jest/globals';
import { parseRecord, RECORD_SCHEMA, type VerificationRecord } from './record.js';

const RECORD: VerificationRecord = {
  schema: RECORD_SCHEMA,
  tool: 'setup-go-verified',
  go: { version: '1.22.5', tag: 'go1.22.5', os: 'linux', arch: 'x64' },
  source: 'go.dev',
  artifacts: [
    {
      name: 'go1.22.5.linux-amd64.tar.gz',
      url: 'https://dl.google.com/go/go1.22.5.linux-amd64.tar.gz',
      size: 68_958_945,
      sha256: '904b924d435eaea086515bc63235b192ea441bd8c9b198c507e85009e6e4c7f0',
      sha256Source: 'https://go.dev/dl/?mode=json&include=all',
      signature: {
        status: 'verified',
        url: 'https://dl.google.com/go/go1.22.5.linux-amd64.tar.gz.asc',
        primaryFingerprint: 'EB4C1BFD4F042F6DDDCCEC917721F63BD38B4796',
        signingKeyFingerprint: '78BD65473CB3BD13',
        created: '2024-07-02T16:00:00.000Z',
        hashAlgorithm: 'SHA512',
      },
    },
  ],
  tree: { files: 2, bytes: 30, executables: { 'bin/go': 'b'.repeat(64) } },
  proof: {
    anchor: 'checksum-database',
    how: 'installed',
    h1: 'h1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=',
    module: 'golang.org/toolchain@v0.0.1-go1.22.5.linux-amd64',
    statement: '2 files hash to h1:AAAA',
  },
  provenAt: '2024-07-03T08:00:00.000Z',
};

describe('parseRecord', () => {
  it('reads back a record written as JSON', () => {
    expect(parseRecord(JSON.parse(JSON.stringify(RECORD)))).toEqual(RECORD);
  });

  it('is RECORD_SCHEMA 2 (2 added the proof of the run and dropped the install time)', () => {
    expect(RECORD_SCHEMA).toBe(2);
  });

  it.each([
    ['undefined', undefined],
    ['null', null],
    ['a number', 1],
    ['a string', JSON.stringify(RECORD)],
    ['an empty object', {}],
    ['another schema', { ...RECORD, schema: 1 }],
    ['the schema as a string', { ...RECORD, schema: '2' }],
    ['no go', { ...RECORD, go: undefined }],
    ['no tree', { ...RECORD, tree: undefined }],
    ['artifacts not a list', { ...RECORD, artifacts: {} }],
    ['executables null', { ...RECORD, tree: { ...RECORD.tree, executables: null } }],
    ['executables a string', { ...RECORD, tree: { ...RECORD.tree, executables: 'x' } }],
    ['version not a string', { ...RECORD, go: { ...RECORD.go, version: 1.22 } }],
    ['arch missing', { ...RECORD, go: { version: '1.22.5' } }],
  ])('refuses %s', (_what, value) => {
    expect(parseRecord(value)).toBeUndefined();
  });
});
