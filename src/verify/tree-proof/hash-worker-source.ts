/**
 * The code hash-tree.ts runs on its worker threads, as source text: the library is bundled
 * into one file, so workers are created from a string rather than a module path.
 */
/**
 * The per-file work, as CommonJS source: the workers run it (they are created from a string
 * because the library is bundled into one file), and the main thread compiles the same text
 * for trees too small to start a worker for, so there is one implementation.
 *
 * `createBatchHasher(root, bufferSize, stop)` returns `hashBatch(names)`, which gives
 * `{ hex, bytes, problems }`: `hex[i]` is the digest of `names[i]` or '' when that file is
 * a problem, listed in `problems` as `{ index, kind, detail }`. `stop` (an Int32Array on a
 * SharedArrayBuffer, or null) is checked before each file and each read: when it is set the
 * batch ends by throwing STOPPED, after the open file is closed.
 */
export const HASHER_SOURCE = `
'use strict';
const STOPPED = { stopped: true };
function createBatchHasher(root, bufferSize, stop) {
  const fs = require('node:fs');
  const crypto = require('node:crypto');
  const path = require('node:path');
  const k = fs.constants;
  // O_NOFOLLOW: a symbolic link swapped in after readdir fails with ELOOP, never followed.
  // O_NONBLOCK: a FIFO swapped in opens at once (and fstat refuses it) instead of blocking.
  const flags =
    process.platform === 'win32' ? k.O_RDONLY : k.O_RDONLY | k.O_NOFOLLOW | k.O_NONBLOCK;
  const buffer = Buffer.allocUnsafe(bufferSize);
  const oneShot = typeof crypto.hash === 'function' ? crypto.hash : null;
  let size = 0;

  function checkStop() {
    if (stop !== null && Atomics.load(stop, 0) !== 0) throw STOPPED;
  }
  function describe(st) {
    if (st.isDirectory()) return 'a directory';
    if (st.isSymbolicLink()) return 'a symbolic link';
    if (st.isBlockDevice() || st.isCharacterDevice()) return 'a device';
    if (st.isFIFO()) return 'a FIFO';
    if (st.isSocket()) return 'a socket';
    return 'not a regular file';
  }
  function failure(e) {
    const code = e.code;
    if (code === 'ELOOP' || code === 'EMLINK') {
      return { kind: 'symlink', detail: 'replaced by a symbolic link during the walk (' + code + ')' };
    }
    if (code === 'ENOENT') return { kind: 'unreadable', detail: 'vanished during the walk (ENOENT)' };
    return { kind: 'unreadable', detail: String(e.message) };
  }
  // The digest of one file (and its length in size), or a problem.
  function hashOne(name) {
    let fd;
    try {
      fd = fs.openSync(path.join(root, name), flags);
    } catch (e) {
      if (e === null || typeof e !== 'object' || typeof e.code !== 'string') throw e;
      return failure(e);
    }
    try {
      const st = fs.fstatSync(fd);
      if (!st.isFile()) {
        return { kind: 'other', detail: 'became ' + describe(st) + ' during the walk' };
      }
      if (st.nlink > 1) return { kind: 'hardlink', detail: st.nlink + ' links' };
      const len = buffer.length;
      let n = fs.readSync(fd, buffer, 0, len, 0);
      if (n < len && n >= st.size) {
        // The whole file in one read (a short read at its size is the end of the file).
        size = n;
        const data = buffer.subarray(0, n);
        return oneShot !== null
          ? oneShot('sha256', data, 'hex')
          : crypto.createHash('sha256').update(data).digest('hex');
      }
      const hash = crypto.createHash('sha256');
      let total = 0;
      while (n > 0) {
        hash.update(buffer.subarray(0, n));
        total += n;
        if (n < len && total >= st.size) break;
        checkStop();
        n = fs.readSync(fd, buffer, 0, len, total);
      }
      size = total;
      return hash.digest('hex');
    } catch (e) {
      if (e === null || typeof e !== 'object' || typeof e.code !== 'string') throw e;
      return failure(e);
    } finally {
      try {
        fs.closeSync(fd);
      } catch {
        // Nothing to do: the descriptor is gone either way.
      }
    }
  }

  return function hashBatch(names) {
    const hex = new Array(names.length);
    const problems = [];
    let bytes = 0;
    for (let i = 0; i < names.length; i++) {
      checkStop();
      const r = hashOne(names[i]);
      if (typeof r === 'string') {
        hex[i] = r;
        bytes += size;
      } else {
        hex[i] = '';
        problems.push({ index: i, kind: r.kind, detail: r.detail });
      }
    }
    return { hex: hex, bytes: bytes, problems: problems };
  };
}
`;

export const WORKER_SOURCE = `${HASHER_SOURCE}
const { parentPort } = require('node:worker_threads');
// The first message says what to hash: a worker can be started before the tree is known.
let hashBatch;
parentPort.on('message', (m) => {
  if (m.init) {
    hashBatch = createBatchHasher(m.init.root, m.init.bufferSize, m.init.stop);
    return;
  }
  if (m.stop) {
    parentPort.close();
    return;
  }
  let r;
  try {
    r = hashBatch(m.names);
  } catch (e) {
    if (e !== STOPPED) throw e;
    parentPort.close();
    return;
  }
  r.id = m.id;
  parentPort.postMessage(r);
});
`;
