export function goProxy(): string;
export function toolchainModuleZip(
  version: string,
  os?: string,
  arch?: string,
): { zip: string; sum: string; version: string };
export function unpackToolchainZip(zip: string, modVersion: string, dir: string): string;
export function toolchainTarGz(version?: string, os?: string, arch?: string): string;
