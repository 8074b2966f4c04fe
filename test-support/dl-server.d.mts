export interface ServedFile {
  path?: string;
  data?: Buffer;
}
export interface Fault {
  status?: number;
  failTimes?: number;
  tamperAt?: number;
  cutAfter?: number;
  stallAfter?: number;
}
export interface DownloadServer {
  baseUrl: string;
  requests: {
    method: string;
    path: string;
    headers: Record<string, string | string[] | undefined>;
  }[];
  countFor(name: string): number;
  close(): Promise<void>;
}
export function startDownloadServer(opts: {
  index: unknown;
  files: Map<string, ServedFile>;
  faults?: Map<string, Fault>;
  prefix?: string;
}): Promise<DownloadServer>;
