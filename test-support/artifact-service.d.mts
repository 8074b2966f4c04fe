import type { Azurite } from './azurite.mjs';

export type ArtifactMethod =
  | 'CreateArtifact'
  | 'FinalizeArtifact'
  | 'ListArtifacts'
  | 'GetSignedArtifactURL'
  | 'DeleteArtifact';

/**
 * '500': a Twirp internal error (the client retries it, 5 attempts from 3 s apart).
 * 'quota': 403 "insufficient usage" (the client gives up at once: storage quota hit).
 * 'down': every connection is cut before a byte is read (the client sees ECONNRESET and
 * gives up at once).
 */
export type ArtifactFaultKind = '500' | 'quota' | 'down';

export type ArtifactFault =
  | ArtifactFaultKind
  | {
      /** Default '500'. */
      kind?: ArtifactFaultKind;
      /** Only these methods misbehave (all by default; 'down' cuts every connection). */
      methods?: ArtifactMethod[];
      /** Misbehave for this many calls (connections for 'down'), then behave (forever by default). */
      times?: number;
    };

export interface StoredArtifact {
  id: number;
  name: string;
  /** The job (workflow_job_run_backend_id) that uploaded it. */
  jobId: string;
  /** The run attempt it was uploaded in (see newAttempt). */
  attempt: number;
  blobName: string;
  /** True once FinalizeArtifact accepted it; only committed artifacts are listed. */
  committed: boolean;
  deleted: boolean;
  size: number;
  /** `sha256:<hex>` of the zip, as FinalizeArtifact reported it. */
  digest?: string;
  createdAt: number;
  /** As CreateArtifact sent them. */
  version?: number;
  mimeType?: string;
  /** RFC 3339, present when the upload asked for a retention period. */
  expiresAt?: string;
}

export interface ArtifactServiceRequest {
  /** The Twirp method (the path for unknown routes; '(connection cut)' for 'down'). */
  method: string;
  status: number;
  /** The parsed JSON body (the raw text if it was not JSON). */
  body?: unknown;
  /** The job the bearer token belongs to; undefined when the token was missing or unknown. */
  jobId?: string;
  error?: string;
}

export interface ArtifactService {
  /** For ACTIONS_RESULTS_URL; ends with '/'. */
  url: string;
  /** The workflow_run_backend_id every token of this service carries. */
  runId: string;
  artifacts: StoredArtifact[];
  requests: ArtifactServiceRequest[];
  /**
   * ACTIONS_RESULTS_URL, ACTIONS_RUNTIME_TOKEN (a JWT whose `scp` claim names this run and
   * `jobId`, random by default) and GITHUB_SERVER_URL: what a job step needs to reach the service.
   */
  jobEnv(jobId?: string): Record<string, string>;
  /**
   * Starts a new run attempt (a re-run): earlier artifacts stay listed, and their names may be
   * uploaded again (within one attempt a repeated name is a 409). Returns the attempt number.
   */
  newAttempt(): number;
  /** Replaces the active faults; null clears them. */
  setFaults(faults: ArtifactFault | ArtifactFault[] | null): void;
  close(): Promise<void>;
}

export function startArtifactService(opts: {
  azurite: Azurite;
  faults?: ArtifactFault | ArtifactFault[] | null;
}): Promise<ArtifactService>;
