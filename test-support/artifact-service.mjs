// A loopback stand-in for the GitHub Actions artifact service (artifacts v4: Twirp JSON at
// ACTIONS_RESULTS_URL), the one @actions/artifact talks to. Artifacts are real zip blobs in
// Azurite behind SAS-signed URLs, as the hosted service hands them out; the job and run come
// from the runtime token's `scp` claim, so legs of one run see each other's artifacts.
import { randomBytes } from 'node:crypto';
import * as http from 'node:http';
import {
  BlobSASPermissions,
  BlobServiceClient,
  StorageSharedKeyCredential,
  generateBlobSASQueryParameters,
} from '@azure/storage-blob';

const SERVICE = 'github.actions.results.api.v1.ArtifactService';
const CONTAINER = 'actions-artifacts';

function base64url(value) {
  return Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString(
    'base64url',
  );
}

/** An unsigned JWT shaped like a runtime token (clients only decode it; the service checks it). */
function runtimeToken(runId, jobId, secret) {
  return [
    base64url({ alg: 'HS256', typ: 'JWT' }),
    base64url({
      scp: `Actions.GenericRead:${runId} Actions.Results:${runId}:${jobId}`,
      nonce: secret,
    }),
    base64url(secret),
  ].join('.');
}

function twirpError(status, code, msg) {
  return { status, body: { code, msg } };
}

export async function startArtifactService({ azurite }) {
  const credential = new StorageSharedKeyCredential(azurite.accountName, azurite.accountKey);
  const container = new BlobServiceClient(azurite.blobEndpoint, credential).getContainerClient(
    CONTAINER,
  );
  await container.createIfNotExists();
  const runId = `run-${randomBytes(4).toString('hex')}`;
  const tokens = new Map(); // token -> job id
  const artifacts = [];
  const requests = [];
  let faults = [];
  let nextId = 1000;

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

  const handlers = {
    CreateArtifact(body, jobId) {
      const name = String(body.name ?? '');
      if (!name) return twirpError(400, 'invalid_argument', 'name is required');
      if (artifacts.some((a) => a.name === name && a.committed)) {
        return twirpError(
          409,
          'already_exists',
          `an artifact with name ${name} already exists in this run`,
        );
      }
      const artifact = {
        id: nextId++,
        name,
        jobId,
        blobName: `${runId}/${name}-${randomBytes(4).toString('hex')}.zip`,
        committed: false,
        size: 0,
        createdAt: Date.now(),
      };
      artifacts.push(artifact);
      return { ok: true, signed_upload_url: blobUrl(artifact.blobName, 'cw') };
    },
    FinalizeArtifact(body, jobId) {
      const a = artifacts.findLast(
        (x) => x.name === body.name && x.jobId === jobId && !x.committed,
      );
      if (!a)
        return twirpError(404, 'not_found', `no artifact ${body.name} being uploaded by this job`);
      a.committed = true;
      a.size = Number(body.size ?? 0);
      a.digest = body.hash;
      return { ok: true, artifact_id: String(a.id) };
    },
    ListArtifacts(body) {
      const list = artifacts.filter(
        (a) =>
          a.committed &&
          (body.name_filter === undefined || a.name === body.name_filter) &&
          (body.id_filter === undefined || String(a.id) === String(body.id_filter)),
      );
      return { artifacts: list.map(wire) };
    },
    GetSignedArtifactURL(body) {
      const a = artifacts.findLast((x) => x.committed && x.name === body.name);
      if (!a) return twirpError(404, 'not_found', `no artifact named ${body.name}`);
      return { signed_url: blobUrl(a.blobName, 'r') };
    },
  };

  const server = http.createServer((req, res) => {
    let raw = '';
    req.on('data', (c) => (raw += c));
    req.on('end', () => {
      void (async () => {
        const method = (req.url ?? '').split(`/twirp/${SERVICE}/`)[1];
        const reply = ({ status = 200, body }) => {
          requests.push({ method, status });
          res.writeHead(status, { 'content-type': 'application/json' });
          res.end(JSON.stringify(body));
        };
        const handler = method && Object.hasOwn(handlers, method) ? handlers[method] : undefined;
        if (!handler) return reply(twirpError(404, 'bad_route', `no method ${req.url}`));
        const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
        const jobId = token === undefined ? undefined : tokens.get(token);
        if (jobId === undefined)
          return reply(twirpError(401, 'unauthenticated', 'the runtime token is missing or wrong'));
        const fault = faults.find(
          (f) =>
            (!f.methods || f.methods.includes(method)) &&
            (f.times === undefined || f.calls < f.times),
        );
        if (fault) {
          fault.calls++;
          return reply(twirpError(500, 'internal', 'the artifact service failed (injected)'));
        }
        let body;
        try {
          body = JSON.parse(raw || '{}');
        } catch {
          return reply(twirpError(400, 'malformed', 'the body is not JSON'));
        }
        const out = await handler(body, jobId);
        if (out.status) return reply(out);
        reply({ body: out });
      })();
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${server.address().port}/`;

  return {
    url,
    runId,
    artifacts,
    requests,
    /** The environment a job step of this run needs to reach the service. */
    jobEnv(jobId = `job-${randomBytes(4).toString('hex')}`) {
      const token = runtimeToken(runId, jobId, randomBytes(12).toString('hex'));
      tokens.set(token, jobId);
      return {
        ACTIONS_RESULTS_URL: url,
        ACTIONS_RUNTIME_TOKEN: token,
        GITHUB_SERVER_URL: 'https://github.com',
      };
    },
    setFaults(list) {
      faults = (list ?? []).map((f) => ({ ...f, calls: 0 }));
    },
    async close() {
      server.closeAllConnections?.();
      await new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
