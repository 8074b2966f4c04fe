export function elfHeader(machine: number, bigEndian?: boolean, is32?: boolean): Buffer;
export function machoHeader(cpuType: number): Buffer;
export function peHeader(machine: number, peOffset?: number): Buffer;
