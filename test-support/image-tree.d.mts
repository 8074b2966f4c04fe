export const GO_DEV_ONLY: Record<string, string>;
export function goDevTree(version: string, os?: string, arch?: string): string;
export function preinstall(
  toolCache: string,
  version: string,
  options?: { os?: string; arch?: string; cacheArch?: string },
): string;
