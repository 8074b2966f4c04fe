export const GATES_GO_VERSION: string;
export const GOLANGCI_VERSION: string;
export function gatesGoRoot(version?: string): string;
export function goEnv(goroot?: string): NodeJS.ProcessEnv;
export function golangciBinary(version?: string): string;
export function moduleSource(module: string, dest: string): string;
export const STATICCHECK_VERSION: string;
export const STATICCHECK_RELEASE: string;
export function staticcheckBinary(version?: string): string;
