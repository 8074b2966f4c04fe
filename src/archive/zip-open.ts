/**
 * Opening a zip with yauzl and reading it entry by entry, as promises. A zip comes from
 * memory (the bytes a download hashed, see hashed-bytes.ts) or from a file; a file small
 * enough is read into shared memory first (see extract-zip.ts).
 */
import { open, stat } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import yauzl, { type Entry, type ZipFile, type ZipFileOptions } from 'yauzl';

/** Where a zip's bytes are; `label` names it in errors. */
export type ZipSource =
  | { readonly label: string; readonly bytes: Buffer }
  | { readonly label: string; readonly path: string };

const OPTIONS = {
  lazyEntries: true,
  autoClose: false,
  decodeStrings: false,
  validateEntrySizes: true,
  strictFileNames: true,
};

/**
 * Opens a zip; `bytes` holds it when it is in memory (given, or a file up to `inMemoryMax`
 * read whole).
 */
export async function openZip(
  source: ZipSource,
  inMemoryMax: number,
): Promise<{ zip: ZipFile; bytes?: Buffer }> {
  let bytes: Buffer | undefined;
  if ('bytes' in source) bytes = source.bytes;
  else {
    const size = (await stat(source.path)).size;
    if (size <= inMemoryMax) bytes = await readShared(source.path, size);
  }
  return new Promise((resolve, reject) => {
    const done = (err: Error | null, zip: ZipFile): void =>
      err ? reject(describeZipError(source.label, err)) : resolve({ zip, bytes });
    if (bytes) yauzl.fromBuffer(bytes, OPTIONS, done);
    else yauzl.open((source as { path: string }).path, OPTIONS, done);
  });
}

/** Reads a file into shared memory, so a worker thread can read the same bytes. */
async function readShared(file: string, size: number): Promise<Buffer> {
  const bytes = Buffer.from(new SharedArrayBuffer(size));
  const handle = await open(file, 'r');
  try {
    let at = 0;
    while (at < size) {
      const { bytesRead } = await handle.read(bytes, at, size - at, at);
      if (bytesRead === 0) throw new Error(`${file} shrank while it was read`);
      at += bytesRead;
    }
  } finally {
    await handle.close();
  }
  return bytes;
}

/** The next entry of a lazyEntries zip, or undefined at the end. */
export function nextEntry(zip: ZipFile, zipPath: string): Promise<Entry | undefined> {
  return new Promise((resolve, reject) => {
    const cleanup = (): void => {
      zip.off('entry', onEntry);
      zip.off('end', onEnd);
      zip.off('error', onError);
    };
    const onEntry = (entry: Entry): void => {
      cleanup();
      resolve(entry);
    };
    const onEnd = (): void => {
      cleanup();
      resolve(undefined);
    };
    const onError = (err: Error): void => {
      cleanup();
      reject(describeZipError(zipPath, err));
    };
    zip.on('entry', onEntry);
    zip.on('end', onEnd);
    zip.on('error', onError);
    zip.readEntry();
  });
}

export function openEntry(
  zip: ZipFile,
  entry: Entry,
  options: ZipFileOptions = {},
): Promise<Readable> {
  return new Promise((resolve, reject) => {
    zip.openReadStream(entry, options, (err, stream) =>
      err ? reject(describeZipError(entry.fileNameRaw.toString('latin1'), err)) : resolve(stream),
    );
  });
}

export function describeZipError(what: string, err: Error): Error {
  return new Error(`corrupt zip (${what}): ${err.message}`, { cause: err });
}
