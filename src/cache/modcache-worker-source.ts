/**
 * The code the module cache's hash workers run, as CommonJS source (the library is bundled
 * into one file, so workers are created from a string): the tree hasher's per-file work
 * (HASHER_SOURCE, for extracted directories and go.mod files) and a module zip hasher.
 *
 * The zip hasher reads the zip once into memory, opened like every other file (O_NOFOLLOW,
 * fstat on the descriptor: a regular file of one link), and hashes each member as Go's
 * dirhash.HashZip does: names and sizes from the central directory, the body found through
 * the local header, stored or deflated, the CRC-32 checked. It is deliberately strict, so
 * it can never read a zip differently from Go's archive/zip: the central directory must end
 * where the end record begins, nothing may come before the first local header's offset base
 * (no prepended data), and zip64, encryption and other methods are refused. Module zips the
 * proxy serves are all of that kind; one that is not is reported, and removed by the caller.
 * Limits are the module zip's own (golang.org/x/mod/zip): 500 MiB unpacked.
 */
import { HASHER_SOURCE } from '../verify/tree-proof/hash-worker-source.js';

export const ZIP_HASHER_SOURCE = `
function createZipHasher(stop) {
  const fs = require('node:fs');
  const crypto = require('node:crypto');
  const zlib = require('node:zlib');
  const k = fs.constants;
  const flags =
    process.platform === 'win32' ? k.O_RDONLY : k.O_RDONLY | k.O_NOFOLLOW | k.O_NONBLOCK;
  const MAX = 500 * 1024 * 1024;
  const crc32 = typeof zlib.crc32 === 'function' ? zlib.crc32 : null;
  const sha = typeof crypto.hash === 'function'
    ? (d) => crypto.hash('sha256', d, 'hex')
    : (d) => crypto.createHash('sha256').update(d).digest('hex');
  function bad(why) {
    const e = new Error(why);
    e.notZip = true;
    throw e;
  }
  function readWhole(file) {
    let fd;
    try {
      fd = fs.openSync(file, flags);
    } catch (e) {
      if (e.code === 'ELOOP' || e.code === 'EMLINK') bad('a symbolic link');
      bad('unreadable (' + e.code + ')');
    }
    try {
      const st = fs.fstatSync(fd);
      if (!st.isFile()) bad('not a regular file');
      if (st.nlink > 1) bad(st.nlink + ' links');
      if (st.size > MAX) bad('larger than a module zip can be');
      const buf = Buffer.allocUnsafe(st.size);
      let got = 0;
      while (got < buf.length) {
        if (stop !== null && Atomics.load(stop, 0) !== 0) throw STOPPED;
        const n = fs.readSync(fd, buf, got, buf.length - got, got);
        if (n === 0) bad('shorter than its size');
        got += n;
      }
      return buf;
    } finally {
      fs.closeSync(fd);
    }
  }
  // The end-of-central-directory record, searched from the end as archive/zip does.
  function directoryEnd(buf) {
    const low = Math.max(0, buf.length - 22 - 65535);
    for (let i = buf.length - 22; i >= low; i--) {
      if (buf.readUInt32LE(i) === 0x06054b50 && i + 22 + buf.readUInt16LE(i + 20) <= buf.length) {
        return i;
      }
    }
    bad('no end of central directory');
  }
  function body(buf, c, end) {
    const local = c.offset;
    if (local + 30 > end || buf.readUInt32LE(local) !== 0x04034b50) bad('bad local header');
    const start = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
    if (start + c.csize > buf.length) bad('member runs past the end');
    const raw = buf.subarray(start, start + c.csize);
    let data;
    if (c.method === 0) {
      data = raw;
    } else if (c.method === 8) {
      try {
        data = zlib.inflateRawSync(raw, { maxOutputLength: Math.max(1, c.usize + 1) });
      } catch (e) {
        bad('bad deflate data (' + (e.code || e.message) + ')');
      }
    } else {
      bad('compression method ' + c.method);
    }
    if (data.length !== c.usize) bad('member size differs from the directory');
    if (crc32 !== null && c.crc !== 0 && crc32(data) !== c.crc) bad('CRC-32 mismatch');
    return data;
  }
  function hashZipBuffer(buf) {
    const end = directoryEnd(buf);
    const records = buf.readUInt16LE(end + 10);
    const size = buf.readUInt32LE(end + 12);
    const offset = buf.readUInt32LE(end + 16);
    if (records === 0xffff || size === 0xffffffff || offset === 0xffffffff) bad('zip64');
    if (offset + size !== end) bad('central directory does not end at its end record');
    const names = [];
    const hex = [];
    const seen = new Set();
    let p = offset;
    let total = 0;
    for (let r = 0; r < records; r++) {
      if (p + 46 > end || buf.readUInt32LE(p) !== 0x02014b50) bad('bad central directory');
      const flagBits = buf.readUInt16LE(p + 8);
      const c = {
        method: buf.readUInt16LE(p + 10),
        crc: buf.readUInt32LE(p + 16),
        csize: buf.readUInt32LE(p + 20),
        usize: buf.readUInt32LE(p + 24),
        offset: buf.readUInt32LE(p + 42),
      };
      const nameLen = buf.readUInt16LE(p + 28);
      const next = p + 46 + nameLen + buf.readUInt16LE(p + 30) + buf.readUInt16LE(p + 32);
      if (next > end) bad('bad central directory');
      if ((flagBits & 1) !== 0) bad('encrypted member');
      if (c.csize === 0xffffffff || c.usize === 0xffffffff || c.offset === 0xffffffff) bad('zip64');
      total += c.usize;
      if (total > MAX) bad('more than 500 MiB unpacked');
      const name = buf.toString('latin1', p + 46, p + 46 + nameLen);
      if (name.includes('\\n')) bad('a member name holds a newline');
      if (seen.has(name)) bad('two members named ' + JSON.stringify(name));
      seen.add(name);
      if (stop !== null && Atomics.load(stop, 0) !== 0) throw STOPPED;
      names.push(name);
      hex.push(sha(body(buf, c, end)));
      p = next;
    }
    if (p !== end) bad('central directory does not end at its end record');
    // Names are byte strings (latin1: one char per byte), so string order is byte order.
    const order = names.map((_, i) => i).sort((a, b) => (names[a] < names[b] ? -1 : 1));
    const summary = crypto.createHash('sha256');
    for (const i of order) {
      summary.update(hex[i] + '  ');
      summary.update(names[i], 'latin1');
      summary.update('\\n');
    }
    return { h1: 'h1:' + summary.digest('base64'), names, hex, bytes: total };
  }
  return function hashZip(file) {
    try {
      const r = hashZipBuffer(readWhole(file));
      // Member names for the caller as UTF-8 text (they only name files in messages).
      r.names = r.names.map((n) => Buffer.from(n, 'latin1').toString('utf8'));
      return r;
    } catch (e) {
      if (e === STOPPED || !e.notZip) throw e;
      return { problem: e.message };
    }
  };
}
`;

/**
 * Messages: `{ init: { root, bufferSize, stop } }`, then `{ id, files: names }` (answered
 * like the tree hasher's batches) or `{ id, zip: path }` (answered `{ id, zip: result }`),
 * and `{ stop: true }`.
 */
export const MODCACHE_WORKER_SOURCE = `${HASHER_SOURCE}
${ZIP_HASHER_SOURCE}
const { parentPort } = require('node:worker_threads');
let hashBatch;
let hashZip;
parentPort.on('message', (m) => {
  if (m.init) {
    hashBatch = createBatchHasher(m.init.root, m.init.bufferSize, m.init.stop);
    hashZip = createZipHasher(m.init.stop);
    return;
  }
  if (m.stop) {
    parentPort.close();
    return;
  }
  let r;
  try {
    r = m.zip !== undefined ? { zip: hashZip(m.zip) } : hashBatch(m.files);
  } catch (e) {
    if (e !== STOPPED) throw e;
    parentPort.close();
    return;
  }
  r.id = m.id;
  parentPort.postMessage(r);
});
`;
