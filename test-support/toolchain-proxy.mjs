// A loopback Go module proxy serving golang.org/toolchain zips from the test cache, with
// /sumdb/ passed through to the real checksum database behind the machine's GOPROXY, so the
// library's proxy download path runs against Go's real answers without the network cost of
// fetching each toolchain again.
import { readFileSync } from 'node:fs';
import * as http from 'node:http';

/**
 * A loopback module proxy serving toolchain zips from the test cache, with /sumdb/ passed
 * through to the real checksum database behind the machine's GOPROXY; `tamper` spoils one
 * thing on the way.
 */
export async function startToolchainProxy(zips, upstream) {
  const proxy = { tamper: 'none', zipRequests: 0 };
  const server = http.createServer((req, res) => {
    void (async () => {
      const url = req.url ?? '/';
      if (url.endsWith('.zip')) proxy.zipRequests += 1;
      if (url.startsWith('/sumdb/')) {
        if (proxy.tamper === 'database-down') return req.socket.destroy();
        const answer = await fetch(upstream + url);
        const body = Buffer.from(await answer.arrayBuffer());
        if (
          answer.status === 200 &&
          proxy.tamper === 'note-signature' &&
          url.includes('/lookup/')
        ) {
          // One bit of the note's signature: the text is intact, the signature is not.
          const sig = /\u2014 sum\.golang\.org (\S+)\n$/.exec(body.toString())[1];
          const raw = Buffer.from(sig, 'base64');
          raw[30] = raw[30] ^ 0x01;
          return res.end(body.toString().replace(sig, raw.toString('base64')));
        }
        if (answer.status === 200 && proxy.tamper === 'tile-bit' && url.includes('/tile/')) {
          body[body.length >> 1] = body[body.length >> 1] ^ 0x10;
        }
        res.writeHead(answer.status, { 'content-type': 'text/plain' });
        return res.end(body);
      }
      const prefix = '/golang.org/toolchain/@v/';
      if (url === `${prefix}list`) return res.end([...zips.keys()].join('\n') + '\n');
      const zip = url.endsWith('.zip') ? zips.get(url.slice(prefix.length, -4)) : undefined;
      if (!url.startsWith(prefix) || zip === undefined) return res.writeHead(404).end('not found');
      const bytes = readFileSync(zip);
      if (proxy.tamper === 'zip-byte') {
        // A byte inside the stored bin/go data: the zip still opens, the tree hash changes.
        const at = bytes.indexOf(Buffer.from('bin/go')) + 4096;
        bytes[at] = bytes[at] ^ 0xff;
      }
      res.writeHead(200, { 'content-length': String(bytes.length) }).end(bytes);
    })().catch((err) => res.writeHead(599).end(String(err)));
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  proxy.url = `http://127.0.0.1:${server.address().port}`;
  proxy.close = () => {
    server.closeAllConnections();
    return new Promise((resolve) => server.close(() => resolve()));
  };
  return proxy;
}
