/**
 * Where staticcheck releases live and what their files are called. Each release (tagged by
 * its release name, `2025.1.1`) publishes `staticcheck_<os>_<arch>.tar.gz` for every
 * platform, Windows included, holding `staticcheck/staticcheck[.exe]` beside the licences,
 * and `<archive>.sha256` in `sha256sum` format beside each archive.
 */
import { InputError } from '../errors.js';
import type { ReleaseAsset } from './release-tool.js';

export const STATICCHECK_RELEASES_URL = 'https://github.com/dominikh/go-tools/releases/download';

const RELEASE_NAME = /^20\d\d\.\d+(?:\.\d+)?$/;
const PLATFORM_PART = /^[a-z0-9]+$/;

/** The archive of one release and platform, and the `.sha256` file beside it. */
export function staticcheckAsset(
  release: string,
  os: string,
  arch: string,
  baseUrl = STATICCHECK_RELEASES_URL,
): ReleaseAsset {
  if (!RELEASE_NAME.test(release)) {
    throw new InputError(
      `staticcheck release ${JSON.stringify(release)} is not a release name like 2025.1.1`,
    );
  }
  for (const part of [os, arch]) {
    if (!PLATFORM_PART.test(part)) {
      throw new InputError(`staticcheck platform ${JSON.stringify(part)} is not a Go name`);
    }
  }
  // The release's ARM builds are named by ARM version; armv6l runs on ARMv6 and ARMv7.
  const asset = `staticcheck_${os}_${arch === 'arm' ? 'armv6l' : arch}.tar.gz`;
  const base = `${baseUrl.replace(/\/+$/, '')}/${release}`;
  return {
    tool: 'staticcheck',
    release,
    asset,
    archiveUrl: `${base}/${asset}`,
    checksumsUrl: `${base}/${asset}.sha256`,
    top: 'staticcheck',
    binary: os === 'windows' ? 'staticcheck.exe' : 'staticcheck',
    releasesPage: 'https://github.com/dominikh/go-tools/releases',
  };
}
