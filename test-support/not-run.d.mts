export function notRun(reason: string): void;
