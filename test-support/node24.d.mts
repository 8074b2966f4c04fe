export function node24(): string;
