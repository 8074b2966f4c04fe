/**
 * `setup-go-verified mirror`: builds (or adds to) an air-gapped bundle, a directory laid out as
 * a Go module proxy with the checksum-database data that proves it, or with `--check`
 * re-verifies one offline. Exit 0 when done or sound, 1 when something fails or is wrong,
 * 2 for a usage error.
 */
import { parseArgs } from 'node:util';
import { buildBundle } from '../mirror/build.js';
import { buildGodevBundle } from '../mirror/godev-layout.js';
import { checkBundle } from '../mirror/check.js';
import { streamLogger } from '../log.js';
import { inert } from '../log-text.js';
import { DEFAULT_GOPROXY, httpSettingsFromEnv, parseSetupOptions } from '../options.js';
import { hostPlatform, parseArchitecture, type Platform } from '../platform.js';
import type { CliIo } from './cli-io.js';
import { toolsOption } from './mirror-tools.js';

export const MIRROR_USAGE = `mirror flags (an air-gapped bundle: a module proxy layout with its checksum-database proofs):
  --out DIR                    the bundle directory (created, or added to)
  --go-version SPEC            a Go version to put in, every form install takes (repeatable)
  --platform OS/ARCH           a platform to put in (repeatable; default: this machine)
  --modules FILE               a go.mod, go.work or go.sum whose module versions go in (repeatable)
  --tools                      the gate tools' module graphs (staticcheck, golangci-lint) at the
                               versions the gates pick in goinstall mode for these Go versions
  --staticcheck-version V      with --tools: this staticcheck instead
  --golangci-lint-version V    with --tools: this golangci-lint instead
  --go PATH                    with --tools: the go command that finds their graphs (default: go on PATH)
  --source proxy|go.dev        proxy: the toolchain module and its proofs (default); go.dev: the
                               same, and a go.dev layout under DIR/dl (archives, .sha256, .asc,
                               index.json) for go-download-base-url: file:///DIR/dl
  --go-download-base-url URL   with --source go.dev: read archives from this go.dev mirror
  --signing-keys FILE|ARMOR    keys the .asc signatures are checked with (default: the pinned
                               ones); with --check too, for a bundle built with other keys
  --goproxy LIST               module proxies to read from (default: $GOPROXY)
  --check DIR                  re-verify a bundle offline; exit 1 naming what is wrong
  --json                       print the result as JSON
`;

const FLAGS = {
  out: { type: 'string' },
  'go-version': { type: 'string', multiple: true },
  platform: { type: 'string', multiple: true },
  modules: { type: 'string', multiple: true },
  tools: { type: 'boolean' },
  'staticcheck-version': { type: 'string' },
  'golangci-lint-version': { type: 'string' },
  go: { type: 'string' },
  source: { type: 'string' },
  'go-download-base-url': { type: 'string' },
  'signing-keys': { type: 'string' },
  goproxy: { type: 'string' },
  check: { type: 'string' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

export class MirrorUsageError extends Error {}

function parsePlatform(text: string): Platform {
  const m = /^([a-z0-9]+)\/([a-z0-9]+)$/.exec(text);
  if (m === null)
    throw new MirrorUsageError(
      `--platform takes OS/ARCH (linux/amd64), not ${JSON.stringify(text)}`,
    );
  return { os: m[1] as string, arch: parseArchitecture(m[2] as string) };
}

/** The same rules as the action's go-download-base-url input (http(s) or file:, no credentials). */
function checkedBaseUrl(raw: string): string {
  const get = (name: string) => (name === 'go-download-base-url' ? raw : '');
  try {
    return parseSetupOptions(get, { workingDirectory: '.', toolCacheDir: '.' }).downloadBaseUrl!;
  } catch (err) {
    throw new MirrorUsageError((err as Error).message);
  }
}

export async function mirrorCommand(args: readonly string[], io: CliIo): Promise<number> {
  let flags;
  try {
    flags = parseArgs({
      args: [...args],
      options: FLAGS,
      strict: true,
      allowPositionals: false,
    }).values;
  } catch (err) {
    throw new MirrorUsageError((err as Error).message);
  }
  if (flags.help) {
    io.stdout(MIRROR_USAGE);
    return 0;
  }
  const gosumdb = io.env['GOSUMDB']?.trim() || undefined;
  if (flags.check !== undefined) {
    if (flags.out !== undefined || flags['go-version'] !== undefined) {
      throw new MirrorUsageError('--check takes no --out or --go-version');
    }
    const signingKeys = flags['signing-keys'];
    const report = await checkBundle(flags.check, {
      ...(gosumdb === undefined ? {} : { gosumdb }),
      ...(signingKeys === undefined ? {} : { signingKeys }),
    });
    if (flags.json) io.stdout(`${JSON.stringify(report, null, 2)}\n`);
    else if (report.ok) {
      io.stdout(
        `bundle ${flags.check}: ${report.modules} module versions proven in tree ${report.tree?.size}, ` +
          `${report.archives === undefined ? '' : `${report.archives} go.dev archives verified, `}` +
          `${report.files} files match the manifest\n`,
      );
    } else {
      io.stdout(
        `bundle ${flags.check} is not sound:\n${report.problems.map((p) => `  ${inert(p)}\n`).join('')}`,
      );
    }
    return report.ok ? 0 : 1;
  }
  if (flags.out === undefined) throw new MirrorUsageError('mirror needs --out DIR or --check DIR');
  const source = flags.source ?? 'proxy';
  if (source !== 'proxy' && source !== 'go.dev') {
    throw new MirrorUsageError(`--source takes proxy or go.dev, not ${JSON.stringify(source)}`);
  }
  const godevFlags = { baseUrl: flags['go-download-base-url'], keys: flags['signing-keys'] };
  if (source === 'proxy' && (godevFlags.baseUrl !== undefined || godevFlags.keys !== undefined)) {
    throw new MirrorUsageError('--go-download-base-url and --signing-keys go with --source go.dev');
  }
  const goVersions = flags['go-version'] ?? [];
  const moduleFiles = flags.modules ?? [];
  if (goVersions.length === 0 && moduleFiles.length === 0) {
    throw new MirrorUsageError('mirror needs at least one --go-version or --modules');
  }
  if (flags.tools && goVersions.length === 0) {
    throw new MirrorUsageError('--tools needs --go-version (the tools are those of a Go version)');
  }
  const platforms = (flags.platform ?? []).map(parsePlatform);
  const logger = streamLogger((line) => io.stderr(`${line}\n`));
  const goproxy = flags.goproxy ?? (io.env['GOPROXY']?.trim() || DEFAULT_GOPROXY);
  const toolFlags = {
    ...(flags.go === undefined ? {} : { go: flags.go }),
    ...(flags['staticcheck-version'] === undefined
      ? {}
      : { staticcheckVersion: flags['staticcheck-version'] }),
    ...(flags['golangci-lint-version'] === undefined
      ? {}
      : { golangciVersion: flags['golangci-lint-version'] }),
  };
  const build = source === 'go.dev' ? buildGodevBundle : buildBundle;
  const result = await build({
    ...(godevFlags.baseUrl === undefined
      ? {}
      : { downloadBaseUrl: checkedBaseUrl(godevFlags.baseUrl) }),
    ...(godevFlags.keys === undefined ? {} : { signingKeys: godevFlags.keys }),
    out: flags.out,
    goVersions,
    platforms: platforms.length > 0 ? platforms : [hostPlatform()],
    moduleFiles,
    ...(flags.tools ? { tools: toolsOption(toolFlags, io.env, goproxy, logger) } : {}),
    goproxy,
    ...(gosumdb === undefined ? {} : { gosumdb }),
    http: { ...httpSettingsFromEnv(io.env), env: { ...io.env } },
    logger,
  });
  if (flags.json) io.stdout(`${JSON.stringify(result, null, 2)}\n`);
  else {
    io.stdout(
      `bundle ${flags.out}: added ${result.added.length} (${result.added.join(', ') || 'none'}), ` +
        `kept ${result.kept.length}, tree ${result.tree.size}, ` +
        `${'archives' in result ? `go.dev archives ${(result.archives as string[]).join(', ')}, ` : ''}` +
        `${result.files} files\n`,
    );
  }
  return 0;
}
