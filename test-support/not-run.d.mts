export function notRun(reason: string, kind?: 'missing' | 'unserved'): void;
