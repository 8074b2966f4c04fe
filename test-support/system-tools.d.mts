export const TOOLS: { command: string; package: string; projects: string[]; use: string }[];
export function onPath(command: string): string | undefined;
export function findWine(): string | undefined;
export function wineCanRunHere(): boolean;
export function findTool(command: string): string | undefined;
export function missingTool(command: string): string;
