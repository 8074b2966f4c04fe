// A loopback stand-in for the GitHub Actions artifact service (artifacts v4: Twirp JSON at
// ACTIONS_RESULTS_URL), the one @actions/artifact talks to. Artifacts are real zip blobs in
// Azurite behind SAS-signed URLs, as the hosted service hands them out. The run and job come
// from the runtime token's `scp` claim (`Actions.Results:<run>:<job>`), so the legs of one run
// see each other's artifacts, and a request that names another run or job is refused.
import { randomBytes } from 'node:crypto';
import * as http from 'node:http';
import {
  BlobSASPermissions,
  BlobServiceClient,
  StorageSharedKeyCredential,
  generateBlobSASQueryParameters,
} from '@azure/storage-blob';

const SERVICE = 'github.actions.results.api.v1.ArtifactService';
const METHODS = [
  'CreateArtifact',
  'FinalizeArtifact',
  'ListArtifacts',
  'GetSignedArtifactURL',
  'DeleteArtifact',
];
const CONTAINER = 'actions-artifacts';
const FAULT_KINDS = ['500', 'quota', 'down'];

function base64url(value) {
  return Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString(
    'base64url',
  );
}

/**
 * A JWT shaped like a runtime token. Clients only decode its claims; the service recognizes
 * the whole string, so the signature part is a random secret rather than a real HMAC.
 */
function runtimeToken(runId, jobId) {
  const secret = randomBytes(16).toString('hex');
  return [
    base64url({ alg: 'HS256', typ: 'JWT' }),
    base64url({
      scp: `Actions.GenericRead:${runId} Actions.Results:${runId}:${jobId}`,
      nbf: Math.floor(Date.now() / 1000) - 60,
      exp: Math.floor(Date.now() / 1000) + 3600,
    }),
    base64url(secret),
  ].join('.');
}

function twirpError(status, code, msg) {
  return { status, body: { code, msg } };
}

/** What setFaults accepts, as a list of { kind, methods?, times?, calls }. */
function normalizeFaults(faults) {
  if (faults == null) return [];
  return (Array.isArray(faults) ? faults : [faults]).map((f) => {
    const fault = typeof f === 'string' ? { kind: f } : { kind: '500', ...f };
    if (!FAULT_KINDS.includes(fault.kind))
      throw new Error(`unknown fault ${JSON.stringify(fault.kind)}; known: ${FAULT_KINDS}`);
    return { ...fault, calls: 0 };
  });
}

/** The protobuf JSON of a google.protobuf wrapper: the bare value (or an object holding it). */
function unwrap(value) {
  return value !== null && typeof value === 'object' && 'value' in value ? value.value : value;
}

export async function startArtifactService({ azurite, faults } = {}) {
  const credential = new StorageSharedKeyCredential(azurite.accountName, azurite.accountKey);
  const container = new BlobServiceClient(azurite.blobEndpoint, credential).getContainerClient(
    CONTAINER,
  );
  await container.createIfNotExists();
  const runId = `run-${randomBytes(4).toString('hex')}`;
  const tokens = new Map(); // token -> job id
  const artifacts = [];
  const requests = [];
  let active = normalizeFaults(faults);
  let attempt = 1;
  let nextId = 1000;
  const sockets = new Set();

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
    return `${azurite.blobEndpoint}/${CONTAINER}/${encodeURIComponent(blobName)}?${sas}`;
  }

  /** The fault that applies to `method` now, counting the call against its `times`. */
  function takeFault(method, kinds) {
    const fault = active.find(
      (f) =>
        kinds.includes(f.kind) &&
        (!f.methods || f.methods.includes(method)) &&
        (f.times === undefined || f.calls < f.times),
    );
    if (fault) fault.calls++;
    return fault;
  }

  function wire(a) {
    return {
      workflow_run_backend_id: runId,
      workflow_job_run_backend_id: a.jobId,
      database_id: String(a.id),
      name: a.name,
      size: String(a.size),
      created_at: new Date(a.createdAt).toISOString(),
      ...(a.digest ? { digest: a.digest } : {}),
    };
  }

  /** A request must name this run, and (for writes) the job its token belongs to. */
  function checkScope(body, jobId, write) {
    if (body.workflow_run_backend_id !== runId)
      return twirpError(
        403,
        'permission_denied',
        `the token is not for run ${body.workflow_run_backend_id}`,
      );
    if (write && body.workflow_job_run_backend_id !== jobId)
      return twirpError(
        403,
        'permission_denied',
        `the token is not for job ${body.workflow_job_run_backend_id}`,
      );
    return undefined;
  }

  const handlers = {
    CreateArtifact(body, jobId) {
      const name = String(body.name ?? '');
      if (!name) return twirpError(400, 'invalid_argument', 'name is required');
      // Names are unique within a run attempt; a re-run may upload a name again.
      if (artifacts.some((a) => a.name === name && a.attempt === attempt && !a.deleted)) {
        return twirpError(
          409,
          'already_exists',
          `an artifact with this name already exists on the workflow run: ${name}`,
        );
      }
      const artifact = {
        id: nextId++,
        name,
        jobId,
        attempt,
        blobName: `${runId}/${attempt}/${name}-${randomBytes(4).toString('hex')}.zip`,
        committed: false,
        deleted: false,
        size: 0,
        createdAt: Date.now(),
        version: body.version,
        mimeType: unwrap(body.mime_type),
        expiresAt: body.expires_at,
      };
      artifacts.push(artifact);
      return { ok: true, signed_upload_url: blobUrl(artifact.blobName, 'cw') };
    },
    async FinalizeArtifact(body, jobId) {
      const a = artifacts.findLast(
        (x) => x.name === body.name && x.jobId === jobId && !x.committed && !x.deleted,
      );
      if (!a)
        return twirpError(404, 'not_found', `no artifact ${body.name} being uploaded by this job`);
      const size = Number(body.size ?? 0);
      const props = await container
        .getBlockBlobClient(a.blobName)
        .getProperties()
        .catch(() => undefined);
      if (!props)
        return twirpError(400, 'failed_precondition', `nothing was uploaded for ${a.name}`);
      if (props.contentLength !== size) {
        return twirpError(
          400,
          'failed_precondition',
          `${a.name}: ${props.contentLength} bytes were uploaded, finalize says ${size}`,
        );
      }
      a.committed = true;
      a.size = size;
      a.digest = unwrap(body.hash);
      return { ok: true, artifact_id: String(a.id) };
    },
    ListArtifacts(body) {
      const nameFilter = unwrap(body.name_filter);
      const idFilter = unwrap(body.id_filter);
      const list = artifacts.filter(
        (a) =>
          a.committed &&
          !a.deleted &&
          (nameFilter === undefined || a.name === nameFilter) &&
          (idFilter === undefined || String(a.id) === String(idFilter)),
      );
      return { artifacts: list.map(wire) };
    },
    GetSignedArtifactURL(body) {
      const a = artifacts.findLast(
        (x) =>
          x.committed &&
          !x.deleted &&
          x.name === body.name &&
          x.jobId === body.workflow_job_run_backend_id,
      );
      if (!a) return twirpError(404, 'not_found', `no artifact named ${body.name} in that job`);
      return { signed_url: blobUrl(a.blobName, 'r') };
    },
    DeleteArtifact(body) {
      const a = artifacts.findLast((x) => x.committed && !x.deleted && x.name === body.name);
      if (!a) return twirpError(404, 'not_found', `no artifact named ${body.name}`);
      a.deleted = true;
      return { ok: true, artifact_id: String(a.id) };
    },
  };

  async function handle(req, res, record) {
    const chunks = [];
    for await (const c of req) chunks.push(c);
    const raw = Buffer.concat(chunks).toString('utf8');
    const prefix = `/twirp/${SERVICE}/`;
    const pathname = new URL(req.url ?? '/', 'http://loopback').pathname;
    const method = pathname.startsWith(prefix) ? pathname.slice(prefix.length) : '';
    record.method = method || pathname;
    try {
      record.body = JSON.parse(raw || '{}');
    } catch {
      record.body = raw;
    }
    const reply = ({ status = 200, body }) => {
      record.status = status;
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (req.method !== 'POST' || !METHODS.includes(method))
      return reply(twirpError(404, 'bad_route', `no handler for ${req.method} ${pathname}`));
    const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
    const jobId = token === undefined ? undefined : tokens.get(token);
    record.jobId = jobId;
    if (jobId === undefined)
      return reply(twirpError(401, 'unauthenticated', 'the runtime token is missing or wrong'));
    if (typeof record.body !== 'object' || record.body === null)
      return reply(twirpError(400, 'malformed', 'the request body is not a JSON object'));
    if (takeFault(method, ['500']))
      return reply(twirpError(500, 'internal', 'injected fault: the artifact service failed'));
    if (takeFault(method, ['quota'])) {
      // @actions/artifact recognizes this message and stops retrying.
      return reply(
        twirpError(
          403,
          'resource_exhausted',
          'injected fault: insufficient usage to create artifact',
        ),
      );
    }
    const write = method === 'CreateArtifact' || method === 'FinalizeArtifact';
    const denied = checkScope(record.body, jobId, write);
    if (denied) return reply(denied);
    const out = await handlers[method](record.body, jobId);
    return out.status ? reply(out) : reply({ body: out });
  }

  const server = http.createServer((req, res) => {
    const record = { method: '', status: 0, body: undefined, jobId: undefined };
    requests.push(record);
    handle(req, res, record).catch((err) => {
      record.status = 500;
      record.error = err.message;
      if (!res.headersSent) {
        res.writeHead(500, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ code: 'internal', msg: err.message }));
      } else res.destroy();
    });
  });
  server.on('connection', (socket) => {
    // 'down': the connection is cut before a byte is read (the client sees a reset).
    if (active.some((f) => f.kind === 'down' && (f.times === undefined || f.calls++ < f.times))) {
      requests.push({ method: '(connection cut)', status: 0 });
      socket.destroy();
      return;
    }
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${server.address().port}/`;

  return {
    url,
    runId,
    artifacts,
    requests,
    jobEnv(jobId = `job-${randomBytes(4).toString('hex')}`) {
      const token = runtimeToken(runId, jobId);
      tokens.set(token, jobId);
      return {
        ACTIONS_RESULTS_URL: url,
        ACTIONS_RUNTIME_TOKEN: token,
        GITHUB_SERVER_URL: 'https://github.com',
      };
    },
    newAttempt() {
      attempt++;
      return attempt;
    },
    setFaults(next) {
      active = normalizeFaults(next);
      if (active.some((f) => f.kind === 'down')) for (const s of sockets) s.destroy();
    },
    async close() {
      for (const s of sockets) s.destroy();
      await new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
