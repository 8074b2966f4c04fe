import type { Azurite } from './azurite.mjs';

export type ArtifactMethod =
  'CreateArtifact' | 'FinalizeArtifact' | 'ListArtifacts' | 'GetSignedArtifactURL';

export interface StoredArtifact {
  id: number;
  name: string;
  jobId: string;
  blobName: string;
  committed: boolean;
  size: number;
  digest?: string;
  createdAt: number;
}

export interface ArtifactService {
  /** For ACTIONS_RESULTS_URL; ends with '/'. */
  url: string;
  runId: string;
  artifacts: StoredArtifact[];
  requests: { method: string; status: number }[];
  /** ACTIONS_RESULTS_URL, a runtime token for one job of this run, GITHUB_SERVER_URL. */
  jobEnv(jobId?: string): Record<string, string>;
  /** Twirp 500s for the given methods (all by default), `times` calls (forever by default). */
  setFaults(faults: { methods?: ArtifactMethod[]; times?: number }[] | null): void;
  close(): Promise<void>;
}

export function startArtifactService(opts: { azurite: Azurite }): Promise<ArtifactService>;
