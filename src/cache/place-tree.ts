/**
 * Putting a restored tree in place: only into a missing or empty directory, and only by a
 * rename, so a reader never sees half a tree and nothing written meanwhile is overwritten.
 */
import { lstat, readdir, rename, rmdir } from 'node:fs/promises';
import { ArchiveError, fault } from './archive-error.js';

/** Rejects unless `dest` is missing or an empty directory. */
export async function requireEmptyOrMissing(dest: string): Promise<void> {
  let info;
  try {
    info = await lstat(dest);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw fault(`cannot restore into ${dest}`, err);
  }
  if (!info.isDirectory())
    throw new ArchiveError(`cannot restore into ${dest}: it exists and is not a directory`);
  const names = await readdir(dest);
  if (names.length > 0)
    throw new ArchiveError(
      `cannot restore into ${dest}: the directory is not empty (${names.length} entries); ` +
        'restore into an empty or missing directory',
      'ENOTEMPTY',
    );
}

/** Renames the finished tree onto `dest`, which is missing or an empty directory. */
export async function moveIntoPlace(tmp: string, dest: string): Promise<void> {
  try {
    await rename(tmp, dest); // POSIX replaces an empty directory atomically
    return;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOTEMPTY' || code === 'EEXIST') throw notEmptyAnyMore(dest);
    if (code !== 'EPERM' && code !== 'EACCES') throw err;
  }
  // Windows does not rename onto an existing directory: remove the empty one first.
  try {
    await rmdir(dest);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOTEMPTY') throw notEmptyAnyMore(dest);
    throw err;
  }
  await rename(tmp, dest);
}

function notEmptyAnyMore(dest: string): ArchiveError {
  return new ArchiveError(
    `cannot restore into ${dest}: something was written into it during the restore`,
    'ENOTEMPTY',
  );
}
