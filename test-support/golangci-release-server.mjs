// A loopback stand-in for github.com/golangci/golangci-lint/releases/download: builds real
// release-shaped archives (tar.gz with node-tar, zip for windows) and the release's
// checksums file, serves them the way GitHub does (a redirect to the asset's storage), and
// plants defects on request: wrong hashes, checksums that name an asset only as part of
// another name, server errors, missing files.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import * as http from 'node:http';
import * as os from 'node:os';
import * as path from 'node:path';
import { create as createTar } from 'tar';
import { deflateRawSync } from 'node:zlib';

const PREFIX = '/golangci/golangci-lint/releases/download';

/**
 * binaries: platform ('linux-amd64', 'windows-amd64', ...) → path or Buffer of the binary.
 * tamper:
 *   wrongHash: platforms whose checksums line carries a hash of other bytes
 *   substringOnly: platforms whose asset is named only inside longer names
 *     (`<asset>.sbom.json`, `x-<asset>`), never on a line of its own
 *   sbomOnly: platforms with only the `<asset>.sbom.json` line
 *   omitBinary: platforms whose archive holds LICENSE and README.md but no binary
 *   failFirst: answer the first N requests (any path) with HTTP 500
 *   failFor: file name → answer its first N requests with HTTP 500
 *   cutFor: file name → send only half of its bytes, then drop the connection, N times
 *   notFound: file names answered with 404 although they exist
 */
export async function startGolangciReleaseServer({ version, binaries, tamper = {} }) {
  const plain = version.replace(/^v/, '');
  const archives = new Map();
  for (const [platform, binary] of Object.entries(binaries)) {
    const bytes = Buffer.isBuffer(binary) ? binary : readFileSync(binary);
    const archive = await releaseArchive(plain, platform, bytes, {
      omitBinary: tamper.omitBinary?.includes(platform) ?? false,
    });
    archives.set(archive.name, { platform, data: archive.data, sha256: sha256(archive.data) });
  }
  const checksumsText = checksums(plain, archives, tamper);
  const files = new Map([...archives].map(([name, a]) => [name, a.data]));
  files.set(`golangci-lint-${plain}-checksums.txt`, Buffer.from(checksumsText));
  const served = await serveRelease({ prefix: PREFIX, version, files, tamper });
  return { ...served, checksumsText, archives };
}

/**
 * A loopback stand-in for github.com/dominikh/go-tools/releases/download: for each platform
 * `staticcheck_<os>_<arch>.tar.gz` holding `staticcheck/` (binary and licences) and a
 * `<archive>.sha256` beside it, as staticcheck's release script makes them. `release` is the
 * release name (2026.2.2). tamper.wrongHash: platforms whose .sha256 names other bytes.
 */
export async function startStaticcheckReleaseServer({ release, binaries, tamper = {} }) {
  const archives = new Map();
  const files = new Map();
  for (const [platform, binary] of Object.entries(binaries)) {
    const [goos, goarch] = platform.split('-');
    const bytes = Buffer.isBuffer(binary) ? binary : readFileSync(binary);
    const members = [
      { name: 'LICENSE', data: Buffer.from('Test licence text.\n'), mode: 0o644 },
      { name: 'LICENSE-THIRD-PARTY', data: Buffer.from('Test licences.\n'), mode: 0o644 },
    ];
    if (!tamper.omitBinary?.includes(platform)) {
      members.push({
        name: goos === 'windows' ? 'staticcheck.exe' : 'staticcheck',
        data: bytes,
        mode: 0o755,
      });
    }
    const name = `staticcheck_${goos}_${goarch}.tar.gz`;
    const data = await tarGzArchive('staticcheck', members);
    archives.set(name, { platform, data, sha256: sha256(data) });
    const hash = tamper.wrongHash?.includes(platform) ? decoyHash(`wrong ${name}`) : sha256(data);
    files.set(name, data);
    files.set(`${name}.sha256`, Buffer.from(`${hash}  ${name}\n`));
  }
  const served = await serveRelease({
    prefix: '/dominikh/go-tools/releases/download',
    version: release,
    files,
    tamper,
  });
  return { ...served, archives };
}

/** Serves `files` the way GitHub serves release downloads, with the faults `tamper` asks for. */
async function serveRelease({ prefix: PREFIX, version, files, tamper }) {
  const requests = [];
  const failed = new Map();
  const cut = new Map();
  const sockets = new Set();
  const server = http.createServer((req, res) => {
    const url = new URL(req.url, 'http://loopback');
    requests.push({ method: req.method, path: url.pathname, headers: req.headers });
    if (requests.length <= (tamper.failFirst ?? 0)) return send(res, 500, 'internal error');
    // GitHub answers release downloads with a redirect to the asset's storage host.
    const release = `${PREFIX}/${version}/`;
    if (url.pathname.startsWith(release)) {
      const name = decodeURIComponent(url.pathname.slice(release.length));
      if (!files.has(name) || tamper.notFound?.includes(name)) return send(res, 404, 'Not Found');
      if (bump(failed, name) <= (tamper.failFor?.[name] ?? 0))
        return send(res, 500, 'internal error');
      res.writeHead(302, { location: `/storage/${encodeURIComponent(name)}` });
      return res.end();
    }
    if (url.pathname.startsWith('/storage/')) {
      const name = decodeURIComponent(url.pathname.slice('/storage/'.length));
      const data = files.get(name);
      if (!data) return send(res, 404, 'Not Found');
      res.writeHead(200, {
        'content-type': 'application/octet-stream',
        'content-length': String(data.length),
      });
      if (bump(cut, name) <= (tamper.cutFor?.[name] ?? 0)) {
        res.write(data.subarray(0, Math.floor(data.length / 2)));
        setTimeout(() => res.socket?.destroy(), 20);
        return;
      }
      return res.end(data);
    }
    send(res, 404, 'Not Found');
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  return {
    url: `http://127.0.0.1:${port}${PREFIX}`,
    requests,
    /** Requests for one release file by name (the redirect hop, not the storage hop). */
    countFor: (name) => requests.filter((r) => r.path === `${PREFIX}/${version}/${name}`).length,
    close: () =>
      new Promise((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

/** Counts one more request for `name`; returns the new count. */
function bump(counts, name) {
  const n = (counts.get(name) ?? 0) + 1;
  counts.set(name, n);
  return n;
}

function send(res, status, text) {
  res.writeHead(status, { 'content-type': 'text/plain' });
  res.end(text);
}

function sha256(data) {
  return createHash('sha256').update(data).digest('hex');
}

/** A hash of other bytes, different for each name, for lines that must never be used. */
function decoyHash(label) {
  return sha256(Buffer.from(`decoy ${label}`));
}

/**
 * The checksums file. Lines naming the asset inside a longer name come before the asset's
 * own line, so a prefix or substring match would pick up a wrong hash.
 */
function checksums(plain, archives, tamper) {
  const lines = [];
  for (const [name, archive] of archives) {
    const { platform } = archive;
    const [goos, goarch] = platform.split('-');
    lines.push(`${decoyHash(`${name}.sbom.json`)}  ${name}.sbom.json`);
    if (tamper.sbomOnly?.includes(platform)) continue;
    lines.push(`${decoyHash(`x-${name}`)}  x-${name}`);
    if (tamper.substringOnly?.includes(platform)) continue;
    if (goos === 'linux') {
      lines.push(`${decoyHash('deb')}  golangci-lint-${plain}-${goos}-${goarch}.deb`);
      lines.push(`${decoyHash('rpm')}  golangci-lint-${plain}-${goos}-${goarch}.rpm`);
    }
    const hash = tamper.wrongHash?.includes(platform) ? decoyHash(`wrong ${name}`) : archive.sha256;
    lines.push(`${hash}  ${name}`);
  }
  lines.push(`${decoyHash('source')}  golangci-lint-${plain}-source.tar.gz`);
  return `${lines.join('\n')}\n`;
}

/** `golangci-lint-<v>-<platform>.tar.gz` (`.zip` for windows) with the release's layout. */
async function releaseArchive(plain, platform, binary, { omitBinary }) {
  const top = `golangci-lint-${plain}-${platform}`;
  const windows = platform.startsWith('windows-');
  const members = [
    { name: 'LICENSE', data: Buffer.from('Test licence text.\n'), mode: 0o644 },
    { name: 'README.md', data: Buffer.from('# golangci-lint\n'), mode: 0o644 },
  ];
  if (!omitBinary) {
    members.push({
      name: windows ? 'golangci-lint.exe' : 'golangci-lint',
      data: binary,
      mode: 0o755,
    });
  }
  if (windows) return { name: `${top}.zip`, data: zipArchive(top, members) };
  return { name: `${top}.tar.gz`, data: await tarGzArchive(top, members) };
}

async function tarGzArchive(top, members) {
  const stage = await mkdtemp(path.join(os.tmpdir(), 'golangci-release-'));
  try {
    await mkdir(path.join(stage, top));
    for (const m of members)
      await writeFile(path.join(stage, top, m.name), m.data, { mode: m.mode });
    const chunks = [];
    for await (const chunk of createTar({ gzip: true, cwd: stage, portable: true }, [top])) {
      chunks.push(chunk);
    }
    return Buffer.concat(chunks);
  } finally {
    await rm(stage, { recursive: true, force: true });
  }
}

/** A deflated zip made on "Unix" (host 3), so the x bit travels in the external attributes. */
function zipArchive(top, members) {
  const entries = [
    { name: `${top}/`, data: Buffer.alloc(0), mode: 0o40755 },
    ...members.map((m) => ({ name: `${top}/${m.name}`, data: m.data, mode: 0o100000 | m.mode })),
  ];
  const locals = [];
  const centrals = [];
  let offset = 0;
  for (const e of entries) {
    const name = Buffer.from(e.name, 'utf8');
    const isDir = e.name.endsWith('/');
    const packed = isDir ? e.data : deflateRawSync(e.data);
    const method = isDir ? 0 : 8;
    const crc = crc32(e.data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4); // version needed
    local.writeUInt16LE(0x0800, 6); // UTF-8 names
    local.writeUInt16LE(method, 8);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(packed.length, 18);
    local.writeUInt32LE(e.data.length, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE((3 << 8) | 20, 4); // made by Unix
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(method, 10);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(packed.length, 20);
    central.writeUInt32LE(e.data.length, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(((e.mode << 16) | (isDir ? 0x10 : 0)) >>> 0, 38);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, packed);
    centrals.push(central, name);
    offset += local.length + name.length + packed.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(data) {
  let c = 0xffffffff;
  for (const b of data) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
