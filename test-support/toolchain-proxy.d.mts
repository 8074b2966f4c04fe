export type Tamper = 'none' | 'zip-byte' | 'note-signature' | 'tile-bit' | 'database-down';

export interface ToolchainProxy {
  url: string;
  /** Spoils one thing on the way: a zip byte, the note signature, a tile bit, or the database. */
  tamper: Tamper;
  /** How many module zips were asked for. */
  zipRequests: number;
  close(): Promise<void>;
}

/** `zips`: module version (v0.0.1-go1.25.14.linux-arm64) -> zip file. `upstream`: a real proxy. */
export function startToolchainProxy(
  zips: ReadonlyMap<string, string>,
  upstream: string,
): Promise<ToolchainProxy>;
