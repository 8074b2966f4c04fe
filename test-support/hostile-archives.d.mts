export function tarHeader(opts: {
  name: string;
  size?: number;
  type?: string;
  mode?: number;
  linkname?: string;
}): Buffer;
export function tarMembers(
  members: { name: string; data?: string; type?: string; mode?: number; linkname?: string }[],
): Buffer;
export function hostileTarGz(): Promise<string>;
