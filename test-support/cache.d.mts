export function testCacheDir(...sub: string[]): string;
