// Runs the real Azurite blob service (the `azurite-blob` program of the azurite package) on
// loopback, so cache tests move archives through genuine Azure Blob Storage requests: shared
// key and SAS signatures, block uploads, ranged downloads.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import * as os from 'node:os';
import * as path from 'node:path';

const STARTUP_TIMEOUT_MS = 30_000;
const STOP_GRACE_MS = 5_000;

/** The azurite-blob entry point, found the way node_modules/.bin/azurite-blob finds it. */
async function azuriteBlobMain() {
  const require = createRequire(import.meta.url);
  const manifestPath = require.resolve('azurite/package.json');
  const manifest = JSON.parse(await readFile(manifestPath, 'utf8'));
  const bin = manifest.bin?.['azurite-blob'];
  if (typeof bin !== 'string') throw new Error(`${manifestPath} names no azurite-blob program`);
  return path.resolve(path.dirname(manifestPath), bin);
}

/**
 * Starts azurite-blob on 127.0.0.1 with a port the kernel picks (it prints the port it got).
 * The account has a fixed name and a random key, so nothing signed in one run works in another.
 * `dir` holds its data; without it a temporary directory is made and removed by stop().
 */
export async function startAzurite({ dir } = {}) {
  const ownsDir = !dir;
  const location = dir ?? (await mkdtemp(path.join(os.tmpdir(), 'azurite-')));
  const accountName = 'cachetests';
  const accountKey = randomBytes(64).toString('base64');
  const main = await azuriteBlobMain();
  const child = spawn(
    process.execPath,
    [
      main,
      '--blobHost',
      '127.0.0.1',
      '--blobPort',
      '0',
      '--location',
      location,
      '--silent',
      '--disableTelemetry',
      '--skipApiVersionCheck',
      '--loose',
    ],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, AZURITE_ACCOUNTS: `${accountName}:${accountKey}` },
    },
  );
  const exited = new Promise((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  // A test process that dies without stop() must not leave azurite running.
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);

  let output = '';
  let origin;
  try {
    origin = await new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`azurite-blob did not start within ${STARTUP_TIMEOUT_MS} ms`)),
        STARTUP_TIMEOUT_MS,
      );
      const onData = (data) => {
        output += data.toString();
        // "Azurite Blob service successfully listens on http://127.0.0.1:PORT"
        const m = /successfully listens on (https?:\/\/[^\s]+)/.exec(output);
        if (m) {
          clearTimeout(timer);
          resolve(m[1].replace(/\/$/, ''));
        }
      };
      child.stdout.on('data', onData);
      child.stderr.on('data', (data) => (output += data.toString()));
      child.once('error', (err) => {
        clearTimeout(timer);
        reject(new Error(`could not run azurite-blob (${main}): ${err.message}`));
      });
      exited.then(({ code, signal }) => {
        clearTimeout(timer);
        reject(new Error(`azurite-blob exited (${signal ?? code}) before listening`));
      });
    });
  } catch (err) {
    process.removeListener('exit', killOnExit);
    child.kill('SIGKILL');
    if (ownsDir) await rm(location, { recursive: true, force: true });
    throw new Error(`${err.message}; its output:\n${output}`, { cause: err });
  }
  // Keep draining its pipes so a chatty azurite never blocks on a full pipe.
  child.stdout.resume();
  child.stderr.resume();

  const blobEndpoint = `${origin}/${accountName}`;
  let stopped;
  return {
    blobEndpoint,
    accountName,
    accountKey,
    connectionString:
      `DefaultEndpointsProtocol=http;AccountName=${accountName};` +
      `AccountKey=${accountKey};BlobEndpoint=${blobEndpoint};`,
    stop() {
      stopped ??= (async () => {
        process.removeListener('exit', killOnExit);
        if (child.exitCode === null && child.signalCode === null) {
          child.kill('SIGTERM');
          const timer = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
          await exited;
          clearTimeout(timer);
        }
        if (ownsDir) await rm(location, { recursive: true, force: true });
      })();
      return stopped;
    },
  };
}
