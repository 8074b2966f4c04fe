export const DEAD: string;
export const CUT_ENV: Readonly<Record<string, string>>;
export function withoutNetwork<T>(fn: () => Promise<T>): Promise<T>;
export function machineProxyUrl(): string;
