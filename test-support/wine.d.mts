import type { SpawnSyncReturns } from 'node:child_process';

export function forwarderDll(dllName: string, exportName: string, target: string): Buffer;
export function winePrefix(): string;
export function wineZPath(file: string): string;
export function runUnderWine(
  exe: string,
  args: string[],
  options?: { timeout?: number; env?: Record<string, string> },
): SpawnSyncReturns<string> & { bcryptShim: boolean; first?: SpawnSyncReturns<string> };
