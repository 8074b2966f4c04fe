/** Where modules come from (GOPROXY) and what verifies them (GOSUMDB). */
import { finding, type DoctorFacts, type DoctorFinding } from './facts.js';
import { broadPatterns } from './patterns.js';
import { envGet, goVar, setHint, unsetHint } from './settings.js';

/** GOSUMDB=off, and the GONOSUMCHECK variable that the go command does not read. */
export function checkChecksumDb(facts: DoctorFacts): DoctorFinding[] {
  const findings: DoctorFinding[] = [];
  const sumdb = goVar(facts, 'GOSUMDB');
  if (sumdb === 'off') {
    findings.push(
      finding(
        'environment',
        'GOSUMDB',
        'error',
        false,
        'GOSUMDB=off: modules not yet in go.sum are downloaded without any check against the checksum database, so a proxy or code host can serve altered code unnoticed',
        `${unsetHint(facts, 'GOSUMDB')} (the default is sum.golang.org); for private modules list them in GOPRIVATE instead of turning the database off`,
      ),
    );
  } else if (sumdb === '' || sumdb.startsWith('sum.golang.org')) {
    findings.push(
      finding(
        'environment',
        'GOSUMDB',
        'info',
        true,
        `${sumdb || 'sum.golang.org'}: module downloads are verified`,
      ),
    );
  } else {
    findings.push(
      finding(
        'environment',
        'GOSUMDB',
        'info',
        true,
        `${sumdb}: module downloads are verified against this checksum database, not sum.golang.org`,
      ),
    );
  }
  const nosumcheck =
    envGet(facts.env, 'GONOSUMCHECK', facts.host.os) || facts.goEnvFile?.['GONOSUMCHECK'];
  if (nosumcheck) {
    const broad = broadPatterns(nosumcheck);
    findings.push(
      finding(
        'environment',
        'GONOSUMCHECK',
        'warning',
        false,
        `GONOSUMCHECK=${nosumcheck} has no effect: the go command does not read a variable of that name (only GONOSUMDB, GOPRIVATE and GOSUMDB decide what is checked)` +
          (broad.length > 0
            ? `; copied into GONOSUMDB it would also stop verifying public modules (${broad[0]?.covers[0] ?? ''})`
            : ''),
        `${unsetHint(facts, 'GONOSUMCHECK')}; to skip the checksum database for private modules set GOPRIVATE to their path prefix (e.g. GOPRIVATE=gitlab.example.com/yourgroup)`,
      ),
    );
  }
  return findings;
}

/** GOPROXY: off or direct-only breaks proxy installs; plain HTTP proxies are worth knowing. */
export function checkGoproxy(facts: DoctorFacts): DoctorFinding[] {
  const check = 'GOPROXY';
  const value = goVar(facts, 'GOPROXY') || 'https://proxy.golang.org,direct';
  const entries = value
    .split(/[,|]/)
    .map((e) => e.trim())
    .filter((e) => e !== '');
  const proxies = entries.filter((e) => e !== 'direct' && e !== 'off');
  if (proxies.length === 0) {
    const off = entries[0] === 'off';
    const what = off
      ? 'GOPROXY=off: no module can be downloaded (go reports "module lookup disabled by GOPROXY=off")'
      : `GOPROXY=${value}: modules come straight from their code hosts (still checked against the checksum database)`;
    if (facts.wantProxy) {
      return [
        finding(
          'environment',
          check,
          'error',
          false,
          `${what}, but toolchains are to be installed from the Go module proxy, which needs a proxy URL`,
          `${setHint(facts, 'GOPROXY', 'https://proxy.golang.org,direct')} (or your company proxy), or install from go.dev instead of the proxy`,
        ),
      ];
    }
    return [finding('environment', check, off ? 'warning' : 'info', true, what)];
  }
  const plain = proxies.filter(
    (e) => /^http:\/\//i.test(e) && !/^http:\/\/(localhost|127\.|\[::1\])/i.test(e),
  );
  if (plain.length > 0) {
    return [
      finding(
        'environment',
        check,
        'warning',
        true,
        `GOPROXY=${value} uses plain HTTP (${plain.join(', ')}): anyone on the network can see and alter the traffic; the checksum database still rejects altered public modules`,
        `use the https:// URL of the proxy: ${setHint(facts, 'GOPROXY', value.replace(/http:\/\//gi, 'https://'))}`,
      ),
    ];
  }
  return [finding('environment', check, 'info', true, value)];
}
