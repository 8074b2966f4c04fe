/**
 * The vet gate's parser: `go vet -json ./...` prints one JSON tree per package,
 *
 *   { "example.com/pkg": { "printf": [ { "posn": "/abs/x.go:7:14", "end": "...",
 *                                        "message": "...", "suggested_fixes": [...] } ] } }
 *
 * or `{}` for a clean package; an analyzer that failed has `{ "error": "..." }` in place of
 * its list. Go 1.25 and later print the trees to stdout; older releases print them to stderr,
 * each after a `# example.com/pkg` line, and leave out `end`. Both are read here.
 *
 * With -json, vet exits 0 even when it reports diagnostics: a non-zero exit means packages
 * failed to load or type-check. Those errors are plain text on stderr (`vet: x.go:5:9:
 * undefined: y` after `# pkg`, or `x.go:3:8: no required module provides package ...`);
 * positioned ones become `typecheck` findings, anything else is a failure.
 */
import type { Finding } from './finding.js';
import {
  compilerFindings,
  endedAbnormally,
  failureText,
  isRecord,
  parseCompilerText,
  parsePosition,
  relativeToRoot,
  type GateOutcome,
  type ParseContext,
  type ToolRun,
} from './tool-output.js';

/** Progress lines of the go command that say nothing about the packages. */
const GO_CHATTER = /^go: (?:downloading|finding|extracting) /;

/** Parses the output of `go vet -json` (both streams) into findings. */
export function parseVet(run: ToolRun, ctx: ParseContext): GateOutcome {
  const out = scanJsonStream(run.stdout);
  const err = scanJsonStream(run.stderr);
  const findings: Finding[] = [];
  const problems: string[] = [...out.broken, ...err.broken];
  for (const tree of [...out.objects, ...err.objects]) {
    const read = readVetTree(tree, ctx);
    findings.push(...read.findings);
    problems.push(...read.problems);
  }

  const outText = parseCompilerText(out.text.join('\n'));
  const errText = parseCompilerText(err.text.join('\n'));
  const typecheck = [...outText.positioned, ...errText.positioned];
  findings.push(...compilerFindings(typecheck, 'vet', 'typecheck', ctx));

  if (endedAbnormally(run)) return { findings, failure: failureText(run, run.stderr) };
  // Text on stdout is never vet's; on stderr it matters once vet says it failed.
  const unexplained = [...problems, ...outText.other];
  if (run.code !== 0) unexplained.push(...errText.other.filter((l) => !GO_CHATTER.test(l)));
  if (unexplained.length > 0) {
    return { findings, failure: failureText(run, unexplained.join('\n')) };
  }
  if (run.code !== 0 && typecheck.length === 0) return { findings, failure: failureText(run) };
  return { findings };
}

/** The diagnostics of one `{ pkg: { analyzer: [...] } }` tree, and analyzer errors. */
function readVetTree(
  tree: unknown,
  ctx: ParseContext,
): { findings: Finding[]; problems: string[] } {
  const findings: Finding[] = [];
  const problems: string[] = [];
  if (!isRecord(tree)) return { findings, problems: [`unexpected JSON: ${JSON.stringify(tree)}`] };
  for (const [pkg, analyzers] of Object.entries(tree)) {
    if (!isRecord(analyzers)) {
      problems.push(`${pkg}: unexpected JSON: ${JSON.stringify(analyzers)}`);
      continue;
    }
    for (const [analyzer, result] of Object.entries(analyzers)) {
      if (isRecord(result) && typeof result['error'] === 'string') {
        problems.push(`${pkg}: ${analyzer}: ${result['error']}`);
        continue;
      }
      if (!Array.isArray(result)) {
        problems.push(`${pkg}: ${analyzer}: unexpected JSON: ${JSON.stringify(result)}`);
        continue;
      }
      for (const diagnostic of result) {
        const finding = vetFinding(analyzer, diagnostic, ctx);
        if (finding) findings.push(finding);
        else problems.push(`${pkg}: ${analyzer}: unexpected JSON: ${JSON.stringify(diagnostic)}`);
      }
    }
  }
  return { findings, problems };
}

function vetFinding(analyzer: string, d: unknown, ctx: ParseContext): Finding | undefined {
  if (!isRecord(d) || typeof d['message'] !== 'string') return undefined;
  const start = typeof d['posn'] === 'string' ? parsePosition(d['posn']) : undefined;
  const end = typeof d['end'] === 'string' ? parsePosition(d['end']) : undefined;
  const finding: Finding = {
    gate: 'vet',
    file: start ? relativeToRoot(start.file, ctx) : '',
    line: start?.line ?? 0,
    column: start?.column ?? 0,
    rule: analyzer,
    message: d['message'],
    severity: 'error',
  };
  const spans = start && end && end.file === start.file && end.line >= start.line;
  return spans ? { ...finding, endLine: end.line, endColumn: end.column } : finding;
}

/** A text holding JSON values (possibly pretty-printed over many lines) among plain lines. */
export interface JsonStream {
  readonly objects: unknown[];
  /** The plain lines between the JSON values. */
  readonly text: string[];
  /** JSON values that were cut off or did not parse, as the tool printed them. */
  readonly broken: string[];
}

/** Splits `text` into the JSON objects that start at the beginning of a line and the rest. */
export function scanJsonStream(text: string): JsonStream {
  const objects: unknown[] = [];
  const plain: string[] = [];
  const broken: string[] = [];
  let pos = 0;
  while (pos < text.length) {
    const eol = text.indexOf('\n', pos);
    const lineEnd = eol === -1 ? text.length : eol;
    const line = text.slice(pos, lineEnd);
    if (line.trimStart().startsWith('{')) {
      const start = pos + line.indexOf('{');
      const end = matchingBrace(text, start);
      if (end === undefined) {
        broken.push(text.slice(start));
        break;
      }
      const slice = text.slice(start, end + 1);
      try {
        objects.push(JSON.parse(slice));
      } catch {
        broken.push(slice);
      }
      pos = end + 1;
      continue;
    }
    plain.push(line);
    pos = lineEnd + 1;
  }
  return { objects, text: plain, broken };
}

/** Index of the `}` closing the `{` at `start`, skipping strings; undefined when cut off. */
function matchingBrace(text: string, start: number): number | undefined {
  let depth = 0;
  let inString = false;
  for (let i = start; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === '{' || c === '[') depth++;
    else if (c === '}' || c === ']') {
      depth--;
      if (depth === 0) return c === '}' ? i : undefined;
    }
  }
  return undefined;
}
