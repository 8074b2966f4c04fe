// A loopback stand-in for the GitHub Actions cache service ("v2": Twirp JSON over HTTP), the
// one @actions/cache talks to when ACTIONS_CACHE_SERVICE_V2 is set. Entries are real blobs in
// Azurite, handed out as SAS-signed URLs exactly like the hosted service does, and the service
// misbehaves on request (errors, rate limits, garbage, delays, truncated blobs, outages).
//
// The hosted service hands out https://ACCOUNT.blob.core.windows.net/... URLs, and
// @actions/cache downloads through the Azure SDK only for such hosts (anything else gets a plain
// HTTP GET). To exercise that path, blob URLs name ACCOUNT.blob.core.windows.net and
// `proxyUrl` is an HTTP proxy that sends those requests to Azurite: set HTTP_PROXY to it. It
// takes both proxy forms: absolute-URL requests (the Azure SDK) and CONNECT tunnels
// (@actions/http-client's agent, which this project downloads with).
//
// The v1 protocol (GitHub Enterprise Server) is served for lookups only:
// GET /_apis/artifactcache/cache?keys=…&version=… finds the same entries. putEntry() stores
// an archive written by hand under any key and version, as a hostile job could.
import { randomBytes, randomUUID } from 'node:crypto';
import * as http from 'node:http';
import {
  BlobSASPermissions,
  BlobServiceClient,
  StorageSharedKeyCredential,
  generateBlobSASQueryParameters,
} from '@azure/storage-blob';

const SERVICE = 'github.actions.results.api.v1.CacheService';
const METHODS = ['GetCacheEntryDownloadURL', 'CreateCacheEntry', 'FinalizeCacheEntryUpload'];
const CONTAINER = 'actions-cache';
const BLOB_HOST_SUFFIX = '.blob.core.windows.net';
const DEFAULT_SLOW_MS = 5_000;
const DEFAULT_TRUNCATE_FRACTION = 0.6;

/** Normalizes what setFault accepts into a list of { kind, ...options, calls }. */
function normalizeFaults(faults) {
  if (faults == null) return [];
  const list = Array.isArray(faults) ? faults : [faults];
  return list.map((f) => {
    const fault = typeof f === 'string' ? { kind: f } : { ...f };
    const known = ['500', '429', 'malformed', 'slow', 'truncate-blob', 'down', 'slow-blob'];
    if (!known.includes(fault.kind)) throw new Error(`unknown fault ${JSON.stringify(fault.kind)}`);
    return { ...fault, calls: 0 };
  });
}

export async function startCacheService({ azurite, faults, blobUrls = 'azure' }) {
  const credential = new StorageSharedKeyCredential(azurite.accountName, azurite.accountKey);
  const blobService = new BlobServiceClient(azurite.blobEndpoint, credential);
  const container = blobService.getContainerClient(CONTAINER);
  await container.createIfNotExists();

  const token = randomBytes(24).toString('hex');
  const entries = [];
  const requests = [];
  let active = normalizeFaults(faults);
  let nextId = 1;
  let sequence = 0;
  const timers = new Set();
  const serviceSockets = new Set();
  const proxySockets = new Set();

  /** The fault of this kind that applies to `method` now, counting the call against `times`. */
  function takeFault(kind, method) {
    const fault = active.find(
      (f) =>
        f.kind === kind &&
        (!f.methods || f.methods.includes(method)) &&
        (f.times === undefined || f.calls < f.times),
    );
    if (fault) fault.calls++;
    return fault;
  }

  function blobUrl(blobName, permissions) {
    const sas = generateBlobSASQueryParameters(
      {
        containerName: CONTAINER,
        blobName,
        permissions: BlobSASPermissions.parse(permissions),
        startsOn: new Date(Date.now() - 60_000),
        expiresOn: new Date(Date.now() + 3_600_000),
      },
      credential,
    ).toString();
    const pathPart = `${CONTAINER}/${encodeURIComponent(blobName)}?${sas}`;
    return blobUrls === 'azure'
      ? `http://${azurite.accountName}${BLOB_HOST_SUFFIX}/${pathPart}`
      : `${azurite.blobEndpoint}/${pathPart}`;
  }

  /** The committed entry a lookup finds: the exact key, else the newest per restore-key prefix. */
  function lookup(key, restoreKeys, version) {
    const committed = entries.filter((e) => e.committed && e.version === version);
    const exact = committed.filter((e) => e.key === key).sort((a, b) => b.seq - a.seq)[0];
    if (exact) return exact;
    for (const prefix of restoreKeys) {
      const found = committed
        .filter((e) => e.key.startsWith(prefix))
        .sort((a, b) => b.seq - a.seq)[0];
      if (found) return found;
    }
    return undefined;
  }

  /** A shorter copy of an entry's blob, for the truncate-blob fault. */
  async function truncatedCopy(entry, fraction) {
    const whole = await container.getBlockBlobClient(entry.blobName).downloadToBuffer();
    const keep = whole.subarray(0, Math.floor(whole.length * fraction));
    const name = `${entry.blobName}.truncated`;
    await container.getBlockBlobClient(name).uploadData(keep);
    return name;
  }

  const handlers = {
    async GetCacheEntryDownloadURL(body) {
      const restoreKeys = body.restore_keys ?? body.restoreKeys ?? [];
      const entry = lookup(String(body.key ?? ''), restoreKeys, String(body.version ?? ''));
      if (!entry) return { ok: false, signed_download_url: '', matched_key: '' };
      const truncate = takeFault('truncate-blob', 'GetCacheEntryDownloadURL');
      const blobName = truncate
        ? await truncatedCopy(entry, truncate.fraction ?? DEFAULT_TRUNCATE_FRACTION)
        : entry.blobName;
      return { ok: true, signed_download_url: blobUrl(blobName, 'r'), matched_key: entry.key };
    },
    async CreateCacheEntry(body) {
      const key = String(body.key ?? '');
      const version = String(body.version ?? '');
      if (!key || !version)
        return twirpError(400, 'invalid_argument', 'key and version are required');
      if (entries.some((e) => e.key === key && e.version === version)) {
        // What the hosted service answers when another job created the entry first.
        return twirpError(
          409,
          'already_exists',
          'cache entry with the same key, version, and scope already exists',
        );
      }
      const entry = {
        id: nextId++,
        key,
        version,
        blobName: `${randomUUID()}.cache`,
        committed: false,
        sizeBytes: undefined,
        seq: 0,
      };
      entries.push(entry);
      return { ok: true, signed_upload_url: blobUrl(entry.blobName, 'cw') };
    },
    async FinalizeCacheEntryUpload(body) {
      const key = String(body.key ?? '');
      const version = String(body.version ?? '');
      const entry = entries.find((e) => e.key === key && e.version === version && !e.committed);
      if (!entry) return twirpError(404, 'not_found', `no reserved cache entry for key ${key}`);
      const size = Number(body.size_bytes ?? body.sizeBytes);
      const props = await container
        .getBlockBlobClient(entry.blobName)
        .getProperties()
        .catch(() => undefined);
      if (!props)
        return { ok: false, entry_id: '0', message: `nothing was uploaded for key ${key}` };
      if (props.contentLength !== size) {
        return {
          ok: false,
          entry_id: '0',
          message: `uploaded ${props.contentLength} bytes for key ${key}, finalize says ${size}`,
        };
      }
      entry.committed = true;
      entry.sizeBytes = size;
      entry.seq = ++sequence;
      return { ok: true, entry_id: String(entry.id) };
    },
  };

  function send(res, status, payload, headers = {}) {
    const text = typeof payload === 'string' ? payload : JSON.stringify(payload);
    res.writeHead(status, { 'content-type': 'application/json', ...headers });
    res.end(text);
  }

  async function handle(req, res, record) {
    const url = new URL(req.url, 'http://loopback');
    const prefix = `/twirp/${SERVICE}/`;
    const method = url.pathname.startsWith(prefix) ? url.pathname.slice(prefix.length) : '';
    record.method = method || url.pathname;
    const chunks = [];
    for await (const c of req) chunks.push(c);
    const raw = Buffer.concat(chunks).toString('utf8');
    try {
      record.body = JSON.parse(raw);
    } catch {
      record.body = raw;
    }
    if (req.method === 'GET' && url.pathname === '/_apis/artifactcache/cache') {
      record.method = 'v1-lookup';
      if (req.headers.authorization !== `Bearer ${token}`) {
        return reply(twirpError(401, 'unauthenticated', 'the runtime token is missing or wrong'));
      }
      const [key = '', ...restoreKeys] = (url.searchParams.get('keys') ?? '').split(',');
      const entry = lookup(key, restoreKeys, url.searchParams.get('version') ?? '');
      if (!entry) {
        record.status = 204;
        res.writeHead(204).end();
        return;
      }
      return reply({ archiveLocation: blobUrl(entry.blobName, 'r'), cacheKey: entry.key });
    }
    if (req.method !== 'POST' || !METHODS.includes(method)) {
      return reply(twirpError(404, 'bad_route', `no handler for ${req.method} ${url.pathname}`));
    }
    if (req.headers.authorization !== `Bearer ${token}`) {
      return reply(twirpError(401, 'unauthenticated', 'the runtime token is missing or wrong'));
    }
    if (typeof record.body !== 'object' || record.body === null) {
      return reply(twirpError(400, 'malformed', 'the request body is not a JSON object'));
    }

    const slow = takeFault('slow', method);
    if (slow) await delay(slow.delayMs ?? DEFAULT_SLOW_MS);
    if (takeFault('500', method)) {
      return reply(twirpError(500, 'internal', 'injected fault: internal error'));
    }
    if (takeFault('429', method)) {
      return reply(twirpError(429, 'resource_exhausted', 'injected fault: rate limited'), {
        'retry-after': '60',
      });
    }
    if (takeFault('malformed', method)) {
      return reply({ status: 200, raw: '<html><body>Service Unavailable</body>' });
    }
    return reply(await handlers[method](record.body));

    function reply(result, headers) {
      if (result.status !== undefined) {
        record.status = result.status;
        send(res, result.status, result.raw ?? result.body, headers);
      } else {
        record.status = 200;
        send(res, 200, result, headers);
      }
    }
  }

  function delay(ms) {
    return new Promise((resolve) => {
      const t = setTimeout(() => {
        timers.delete(t);
        resolve();
      }, ms);
      timers.add(t);
    });
  }

  const server = http.createServer((req, res) => {
    const record = { method: '', status: 0, body: undefined, authorized: false };
    record.authorized = req.headers.authorization === `Bearer ${token}`;
    requests.push(record);
    handle(req, res, record).catch((err) => {
      record.status = 500;
      record.error = err.message;
      if (!res.headersSent) send(res, 500, { code: 'internal', msg: err.message });
      else res.destroy();
    });
  });
  server.on('connection', (socket) => {
    // 'down': every connection is cut before a byte is read (the client sees a reset).
    if (active.some((f) => f.kind === 'down')) {
      socket.destroy();
      return;
    }
    serviceSockets.add(socket);
    socket.on('close', () => serviceSockets.delete(socket));
  });

  // Forwards requests for ACCOUNT.blob.core.windows.net to Azurite's path-style endpoint.
  const upstream = new URL(azurite.blobEndpoint);
  const proxy = http.createServer((req, res) => {
    let target;
    try {
      // Absolute form from a forward proxy client; origin form inside a CONNECT tunnel.
      target = new URL(req.url, `http://${req.headers.host ?? 'unknown'}`);
    } catch {
      res.writeHead(400).end('proxy requests carry an absolute URL');
      return;
    }
    const record = { method: 'blob', verb: req.method, path: target.pathname, status: 0 };
    requests.push(record);
    if (target.hostname !== `${azurite.accountName}${BLOB_HOST_SUFFIX}`) {
      record.status = 403;
      res
        .writeHead(403)
        .end(`this proxy only forwards to ${azurite.accountName}${BLOB_HOST_SUFFIX}`);
      return;
    }
    const slowBlob = req.method === 'GET' ? takeFault('slow-blob', 'blob') : undefined;
    const headers = { ...req.headers, host: upstream.host };
    delete headers['proxy-connection'];
    delete headers['proxy-authorization'];
    const forward = http.request(
      {
        host: upstream.hostname,
        port: upstream.port,
        method: req.method,
        path: `${upstream.pathname}${target.pathname}${target.search}`,
        headers,
      },
      (up) => {
        record.status = up.statusCode;
        res.writeHead(up.statusCode ?? 502, up.headers);
        up.pipe(res);
      },
    );
    forward.on('error', (err) => {
      record.status = 502;
      record.error = err.message;
      if (!res.headersSent) res.writeHead(502).end(err.message);
      else res.destroy();
    });
    if (slowBlob) delay(slowBlob.delayMs ?? DEFAULT_SLOW_MS).then(() => req.pipe(forward));
    else req.pipe(forward);
  });
  // CONNECT to the blob host: the tunnel leads back into this proxy, which forwards as above.
  proxy.on('connect', (req, socket, head) => {
    proxySockets.add(socket);
    socket.on('close', () => proxySockets.delete(socket));
    if (req.url !== `${azurite.accountName}${BLOB_HOST_SUFFIX}:80`) {
      requests.push({ method: 'blob', verb: 'CONNECT', path: req.url, status: 403 });
      socket.end('HTTP/1.1 403 Forbidden\r\n\r\n');
      return;
    }
    socket.write('HTTP/1.1 200 Connection Established\r\n\r\n');
    if (head.length > 0) socket.unshift(head);
    proxy.emit('connection', socket);
  });
  proxy.on('connection', (socket) => {
    proxySockets.add(socket);
    socket.on('close', () => proxySockets.delete(socket));
  });

  await Promise.all([
    new Promise((resolve) => server.listen(0, '127.0.0.1', resolve)),
    new Promise((resolve) => proxy.listen(0, '127.0.0.1', resolve)),
  ]);
  const url = `http://127.0.0.1:${server.address().port}/`;
  const proxyUrl = `http://127.0.0.1:${proxy.address().port}`;

  return {
    url,
    proxyUrl,
    token,
    entries,
    requests,
    async putEntry({ key, version, data }) {
      const entry = {
        id: nextId++,
        key,
        version,
        blobName: `${randomUUID()}.cache`,
        committed: true,
        sizeBytes: data.length,
        seq: ++sequence,
      };
      await container.getBlockBlobClient(entry.blobName).uploadData(data);
      entries.push(entry);
      return entry;
    },
    setFault(next) {
      active = normalizeFaults(next);
      if (active.some((f) => f.kind === 'down')) for (const s of serviceSockets) s.destroy();
    },
    async stop() {
      for (const t of timers) clearTimeout(t);
      timers.clear();
      for (const s of [...serviceSockets, ...proxySockets]) s.destroy();
      await Promise.all([
        new Promise((resolve) => server.close(() => resolve())),
        new Promise((resolve) => proxy.close(() => resolve())),
      ]);
    },
  };
}

function twirpError(status, code, msg) {
  return { status, body: { code, msg } };
}
