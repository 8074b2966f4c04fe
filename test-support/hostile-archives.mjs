// Archives an attacker would publish, written byte by byte (a plain ustar encoder), so
// tests can hand the installer members no ordinary tar tool would produce.
import { writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { gzipSync } from 'node:zlib';

/** One 512-byte ustar header. type: '0' file, '2' symlink, '5' directory, '1' hardlink, '3' char device. */
export function tarHeader({ name, size = 0, type = '0', mode = 0o644, linkname = '' }) {
  const h = Buffer.alloc(512);
  h.write(name, 0, 100, 'utf8');
  h.write(mode.toString(8).padStart(7, '0') + '\0', 100);
  h.write('0000000\0', 108);
  h.write('0000000\0', 116);
  h.write(size.toString(8).padStart(11, '0') + '\0', 124);
  h.write('00000000000\0', 136);
  h.write('        ', 148);
  h.write(type, 156);
  h.write(linkname, 157, 100, 'utf8');
  h.write('ustar\0' + '00', 257);
  let sum = 0;
  for (const b of h) sum += b;
  h.write(sum.toString(8).padStart(6, '0') + '\0 ', 148);
  return h;
}

export function tarMembers(members) {
  const parts = [];
  for (const m of members) {
    const data = Buffer.from(m.data ?? '');
    parts.push(tarHeader({ ...m, size: m.type && m.type !== '0' ? 0 : data.length }));
    if (!m.type || m.type === '0') {
      parts.push(data, Buffer.alloc((512 - (data.length % 512)) % 512));
    }
  }
  parts.push(Buffer.alloc(1024));
  return Buffer.concat(parts);
}

/** A go/ tree whose symlink points out of the install, followed by a write through it. */
export async function hostileTarGz() {
  const tar = tarMembers([
    { name: 'go/', type: '5', mode: 0o755 },
    { name: 'go/VERSION', data: 'go1.22.5\n' },
    { name: 'go/escape', type: '2', linkname: '../../../../../../tmp' },
    { name: 'go/escape/setup-go-verified-pwned', data: 'pwned\n' },
  ]);
  const file = path.join(os.tmpdir(), `hostile-${process.pid}-${Date.now()}.tar.gz`);
  writeFileSync(file, gzipSync(tar));
  return file;
}
