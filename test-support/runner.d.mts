export const repoRoot: string;
export function actionDefaults(actionYml?: string): Record<string, string>;
export function inputEnvName(name: string): string;
export function parseEnvFile(text: string): Record<string, string>;
export interface Job {
  root: string;
  files: Record<
    'GITHUB_ENV' | 'GITHUB_PATH' | 'GITHUB_OUTPUT' | 'GITHUB_STATE' | 'GITHUB_STEP_SUMMARY',
    string
  >;
  toolCache: string;
  temp: string;
  workspace: string;
}
export function newJob(opts?: { toolCache?: string }): Job;
export interface StepResult {
  code: number;
  stdout: string;
  stderr: string;
  outputs: Record<string, string>;
  summary: string;
  state: Record<string, string>;
  exported: Record<string, string>;
  addedPath: string[];
  errors: string[];
  warnings: string[];
  annotations: Annotation[];
}
export interface Annotation {
  level: 'error' | 'warning' | 'notice';
  file?: string;
  line?: number;
  col?: number;
  title?: string;
  message: string;
}
export function parseAnnotations(stdout: string): Annotation[];
export function runStep(
  job: Job,
  opts: {
    bundle: string;
    node?: string;
    inputs?: Record<string, string>;
    env?: Record<string, string | undefined>;
    state?: Record<string, string>;
    timeoutMs?: number;
    actionYml?: string;
  },
): Promise<StepResult>;
export function applyJobEnv(job: Job, base?: NodeJS.ProcessEnv): Record<string, string>;
