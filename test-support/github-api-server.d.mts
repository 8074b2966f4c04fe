export interface ApiComment {
  id: number;
  /** The pull request (issue) number it is on. */
  issue: number;
  body: string;
  html_url: string;
  user: { login: string };
  created_at: string;
  updated_at: string;
}

export interface ApiRequest {
  verb: string;
  path: string;
  query: Record<string, string>;
  status: number;
  /** The parsed JSON body of a POST or PATCH. */
  body?: unknown;
}

export interface ApiFault {
  status: number;
  /** GitHub's `message`; default "injected fault: HTTP <status>". */
  message?: string;
  /** Only these HTTP methods misbehave (all by default). */
  methods?: ('GET' | 'POST' | 'PATCH')[];
  /** Misbehave for this many requests, then behave (forever by default). */
  times?: number;
  headers?: Record<string, string>;
}

export interface GitHubApi {
  /** For GITHUB_API_URL (no trailing slash). */
  url: string;
  /** The only bearer token accepted; others get 401. */
  token: string;
  /** `owner/repo`; other repositories are 404. */
  repo: string;
  comments: ApiComment[];
  requests: ApiRequest[];
  /** Adds a comment to pull request `issue`; returns its id. */
  addComment(issue: number, body: string): number;
  /** At most this many comments per page, whatever per_page asks (to reach page 2 cheaply). */
  setPageSize(n: number): void;
  /**
   * Where the Link header's page URLs point: another origin (a misbehaving or hostile API),
   * '' for relative links, undefined (the default) for this server.
   */
  setLinkOrigin(origin: string | undefined): void;
  setFaults(faults: ApiFault | ApiFault[] | null): void;
  close(): Promise<void>;
}

export function startGitHubApi(opts?: { repo?: string; pageSize?: number }): Promise<GitHubApi>;
