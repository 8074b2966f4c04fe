/**
 * `file:` URLs for the fetch layer: a go.dev layout or module proxy on disk (an air-gapped
 * bundle) is read through the same calls as one served over HTTP, so size limits, hashing
 * and signature checks apply unchanged. Only a URL the caller gave may be a file: a server's
 * redirect never leads to the local disk (http.ts refuses that scheme there).
 */
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { NetworkError } from '../errors.js';

/** The file a `file:` URL names does not exist: a bundle that lacks it, or a wrong base URL. */
export class MissingFileError extends NetworkError {
  override name = 'MissingFileError';
  constructor(
    readonly path: string,
    url: string,
  ) {
    super(`no such file: ${path}`, url, false);
  }
}

export function isFileUrl(url: string): boolean {
  return /^file:/i.test(url);
}

function localPath(url: string): string {
  try {
    return fileURLToPath(url);
  } catch (err) {
    throw new NetworkError(`not a local file URL: ${JSON.stringify(url)}`, url, false, undefined, {
      cause: err,
    });
  }
}

/**
 * Opens a regular file for streaming; its size is the one of the file opened, so a reader
 * can refuse one that is too large before reading it. Never retryable: a file that is not
 * there will not appear.
 */
export async function openFileUrl(
  url: string,
): Promise<{ body: Readable; size: number; url: string }> {
  const file = localPath(url);
  let handle;
  try {
    handle = await open(file, 'r');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') throw new MissingFileError(file, url);
    throw new NetworkError(`cannot read ${file}: ${String(code ?? err)}`, url, false, undefined, {
      cause: err,
    });
  }
  try {
    const stat = await handle.stat();
    if (!stat.isFile()) {
      throw new NetworkError(`cannot read ${file}: not a regular file`, url, false);
    }
    // The stream owns the handle from here on and closes it when done or destroyed.
    const body = createReadStream('', { fd: handle, highWaterMark: 256 * 1024 });
    return { body, size: stat.size, url };
  } catch (err) {
    await handle.close();
    throw err;
  }
}
