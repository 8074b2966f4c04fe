// A loopback stand-in for go.dev/dl and dl.google.com/go: serves a release index and
// release files, and misbehaves on request (tampered bytes, cut-off or stalled bodies,
// server errors) so tests can drive every failure the real network can produce.
import { createReadStream, statSync } from 'node:fs';
import * as http from 'node:http';
import { Readable } from 'node:stream';

/**
 * files: Map of file name → { path } | { data: Buffer }
 * faults: Map of file name → { status?, failTimes?, tamperAt?, cutAfter?, stallAfter? }
 */
export async function startDownloadServer({ index, files, faults = new Map(), prefix = '/dl' }) {
  const requests = [];
  const counts = new Map();
  const sockets = new Set();
  const server = http.createServer((req, res) => {
    const url = new URL(req.url, 'http://loopback');
    requests.push({ method: req.method, path: url.pathname + url.search, headers: req.headers });
    if (url.pathname === `${prefix}/` || url.pathname === prefix) {
      if (url.searchParams.get('mode') !== 'json') return send(res, 404, 'not found');
      const body = typeof index === 'string' ? index : JSON.stringify(index);
      res.writeHead(200, { 'content-type': 'application/json' });
      return res.end(body);
    }
    if (!url.pathname.startsWith(`${prefix}/`)) return send(res, 404, 'not found');
    const name = decodeURIComponent(url.pathname.slice(prefix.length + 1));
    const n = (counts.get(name) ?? 0) + 1;
    counts.set(name, n);
    const fault = faults.get(name) ?? {};
    if (fault.failTimes && n <= fault.failTimes) return send(res, fault.status ?? 503, 'try later');
    const file = files.get(name);
    if (!file) return send(res, 404, 'not found');
    serveFile(req, res, file, fault);
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  return {
    baseUrl: `http://127.0.0.1:${port}${prefix}`,
    requests,
    countFor: (name) => counts.get(name) ?? 0,
    close: () =>
      new Promise((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

function send(res, status, text) {
  res.writeHead(status, { 'content-type': 'text/plain' });
  res.end(text);
}

function serveFile(req, res, file, fault) {
  const size = file.data ? file.data.length : statSync(file.path).size;
  res.writeHead(200, {
    'content-type': 'application/octet-stream',
    'content-length': String(size),
  });
  const source = file.data
    ? bufferChunks(file.data)
    : createReadStream(file.path, { highWaterMark: 256 * 1024 });
  let sent = 0;
  const limit = fault.cutAfter ?? fault.stallAfter;
  const onData = (chunk) => {
    let out = Buffer.from(chunk);
    if (
      fault.tamperAt !== undefined &&
      fault.tamperAt >= sent &&
      fault.tamperAt < sent + out.length
    ) {
      out[fault.tamperAt - sent] ^= 0x01;
    }
    if (limit !== undefined && sent + out.length >= limit) {
      out = out.subarray(0, limit - sent);
      sent += out.length;
      source.destroy();
      res.write(out);
      if (fault.cutAfter !== undefined) setTimeout(() => res.socket?.destroy(), 20);
      // stallAfter: keep the connection open and send nothing more.
      return;
    }
    sent += out.length;
    if (!res.write(out)) {
      source.pause();
      res.once('drain', () => source.resume());
    }
  };
  source.on('data', onData);
  source.on('end', () => {
    if (limit === undefined || sent < limit) res.end();
  });
  source.on('error', () => res.destroy());
  req.on('close', () => source.destroy());
}

function bufferChunks(buf) {
  // Chunked like a file stream, so fault offsets behave the same for buffers and files.
  const chunks = [];
  for (let i = 0; i < buf.length; i += 256 * 1024) chunks.push(buf.subarray(i, i + 256 * 1024));
  return Readable.from(chunks, { objectMode: false });
}
