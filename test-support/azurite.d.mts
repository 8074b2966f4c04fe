export interface Azurite {
  /** Path-style endpoint of the account, e.g. http://127.0.0.1:PORT/ACCOUNT (no trailing slash). */
  blobEndpoint: string;
  accountName: string;
  /** Base64 account key, random for each start. */
  accountKey: string;
  connectionString: string;
  /** Stops azurite and removes its data directory if startAzurite made it. */
  stop(): Promise<void>;
}
export function startAzurite(opts?: { dir?: string }): Promise<Azurite>;
