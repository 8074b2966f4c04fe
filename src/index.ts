/**
 * setup-go-verified as a library: every step of the action as typed functions, for other
 * actions and tools. `setupGo` does the whole install; the pieces below it can be used alone.
 */
export {
  setupGo,
  toolCacheArch,
  type SetupGoResult,
  type SetupGoEffects,
} from './install/setup-go.js';
export {
  parseSetupOptions,
  httpSettingsFromEnv,
  type SetupGoOptions,
  type HealthCheckLevel,
} from './options.js';
export { InputError, NetworkError, UnsafeArchiveError, VerificationError } from './errors.js';
export { streamLogger, silentLogger, type Logger } from './log.js';
export { hostPlatform, runnerPlatform, parseArchitecture, type Platform } from './platform.js';

export * from './versions/index.js';

export {
  releaseSource,
  fetchReleaseIndex,
  archiveSourceFor,
  GO_DEV_INDEX_URL,
} from './go/godev.js';
export {
  installReleaseArchive,
  type ArchiveSource,
  type VerifiedArchive,
} from './go/release-archive.js';
export { extractTarGz } from './archive/extract-tar.js';
export { extractZip } from './archive/extract-zip.js';
export {
  findEntry,
  installEntry,
  listVersions,
  removeEntry,
  toolCacheRoot,
} from './install/tool-cache.js';
export {
  proveEntry,
  reproveAfterJob,
  type EntryProof,
  type ProvenEntry,
  type ProvenTreeState,
} from './install/entry-proof.js';
export { proveTree, type TreeProofReport } from './go/prove-goroot.js';
export { hashTree, type HashedTree, type TreeProblem } from './verify/tree-proof/hash-tree.js';
export {
  judgeTree,
  measureTree,
  type MeasuredTree,
  type TreeVerdict,
} from './verify/tree-proof/prove-tree.js';
export {
  describeDifference,
  diffMembers,
  formatManifest,
  manifestH1,
  moduleShape,
  parseManifest,
  type TreeDifference,
} from './verify/tree-proof/tree-shape.js';
export { filePathProblem, foldKey } from './verify/module-file-path.js';
export {
  planEnvironment,
  renderShellExports,
  type EnvironmentPlan,
} from './install/environment.js';
export { checkHealth, type HealthFinding, type HealthReport } from './go/health.js';
export { runDoctor, renderDoctor, type DoctorReport, type DoctorFinding } from './doctor/doctor.js';

export { sha256Tap, expectDigest } from './verify/digest.js';
export {
  loadSigningKeys,
  readSigningKeys,
  defaultSigningKeysPath,
  type KeyBundle,
} from './verify/keys.js';
export {
  verifyDetachedSignature,
  signatureStreamTap,
  type SignatureCheck,
} from './verify/signature.js';
export * as sumdb from './verify/sumdb/index.js';

export { openStream, fetchBytes, fetchText, withRetries } from './fetch/http.js';
export { parseGoproxy, proxyGet } from './fetch/goproxy.js';

export { renderSummary } from './actions/summary.js';
export {
  parseRecord,
  type VerificationRecord,
  type ArtifactRecord,
  type ProofRecord,
} from './install/record.js';
