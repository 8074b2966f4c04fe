// Checks the layout rules of src/ from the sources themselves (README, "Layout"):
//   - a feature folder imports only the shared layers, never another feature;
//   - versions/ and verify/ import nothing above fetch/ and the base files;
//   - files at src/ root import no folder (index.ts, the library's face, excepted);
//   - no import circles, between files or between folders;
//   - no source file over 500 lines, no function over 100 lines.
// Prints every breach and exits 1 when there is one; `--report` prints the sizes too.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const src = path.join(root, 'src');
const MAX_FILE_LINES = 500;
const MAX_FUNCTION_LINES = 100;

/** What each folder may import, besides itself and the files at src/ root. */
const SHARED = ['fetch', 'versions', 'verify', 'archive', 'go'];
const FEATURES = ['install', 'cache', 'gates', 'coverage', 'doctor', 'mirror'];
const ALLOWED = {
  fetch: [],
  versions: ['fetch'],
  verify: ['fetch', 'versions'],
  archive: ['fetch', 'versions', 'verify'],
  go: ['fetch', 'versions', 'verify', 'archive'],
  ...Object.fromEntries(FEATURES.map((f) => [f, SHARED])),
  actions: [...SHARED, ...FEATURES],
  cli: [...SHARED, ...FEATURES, 'actions'],
};

function sourceFiles(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(p);
    return e.name.endsWith('.ts') && !e.name.endsWith('.test.ts') && !e.name.endsWith('.d.ts')
      ? [p]
      : [];
  });
}

/** The folder right under src/ a file lives in, or '' for the files at src/ root. */
function area(file) {
  const rel = path.relative(src, file).split(path.sep);
  return rel.length === 1 ? '' : rel[0];
}

const files = sourceFiles(src).sort();
const breaches = [];
const imports = new Map();
const functions = [];
const sizes = [];

for (const file of files) {
  const text = readFileSync(file, 'utf8');
  const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const rel = path.relative(root, file);
  const lines = text.split('\n').length - (text.endsWith('\n') ? 1 : 0);
  sizes.push({ rel, lines });
  if (lines > MAX_FILE_LINES) breaches.push(`${rel}: ${lines} lines (at most ${MAX_FILE_LINES})`);
  const targets = [];
  const visit = (node) => {
    const spec =
      (ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) &&
      node.moduleSpecifier &&
      ts.isStringLiteral(node.moduleSpecifier)
        ? node.moduleSpecifier.text
        : ts.isCallExpression(node) &&
            node.expression.kind === ts.SyntaxKind.ImportKeyword &&
            node.arguments[0] &&
            ts.isStringLiteral(node.arguments[0])
          ? node.arguments[0].text
          : undefined;
    if (spec?.startsWith('.')) {
      targets.push(path.resolve(path.dirname(file), spec).replace(/\.js$/, '.ts'));
    }
    if (
      ts.isFunctionDeclaration(node) ||
      ts.isMethodDeclaration(node) ||
      ts.isFunctionExpression(node) ||
      ts.isArrowFunction(node) ||
      ts.isConstructorDeclaration(node) ||
      ts.isGetAccessor(node) ||
      ts.isSetAccessor(node)
    ) {
      const start = sf.getLineAndCharacterOfPosition(node.getStart(sf)).line;
      const end = sf.getLineAndCharacterOfPosition(node.getEnd()).line;
      const span = end - start + 1;
      const name =
        node.name && ts.isIdentifier(node.name)
          ? node.name.text
          : ts.isVariableDeclaration(node.parent) && ts.isIdentifier(node.parent.name)
            ? node.parent.name.text
            : `(anonymous at line ${start + 1})`;
      functions.push({ rel, name, span, line: start + 1 });
      if (span > MAX_FUNCTION_LINES) {
        breaches.push(
          `${rel}:${start + 1}: ${name} has ${span} lines (at most ${MAX_FUNCTION_LINES})`,
        );
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  imports.set(file, targets);

  const from = area(file);
  for (const target of targets) {
    const to = area(target);
    const what = `${rel} imports ${path.relative(root, target)}`;
    if (from === '' && to !== '' && path.basename(file) !== 'index.ts') {
      breaches.push(`${what}: a file at src/ root imports no folder`);
    } else if (from !== '' && to !== '' && to !== from && !(ALLOWED[from] ?? []).includes(to)) {
      breaches.push(
        `${what}: ${from}/ may import only ${(ALLOWED[from] ?? []).join(', ') || 'the files at src/ root'}`,
      );
    }
  }
}

/** Strongly connected components with more than one member (Tarjan), in a graph of names. */
function circles(graph) {
  let index = 0;
  const idx = new Map();
  const low = new Map();
  const stack = [];
  const on = new Set();
  const out = [];
  const strong = (v) => {
    idx.set(v, index);
    low.set(v, index++);
    stack.push(v);
    on.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!graph.has(w)) continue;
      if (!idx.has(w)) {
        strong(w);
        low.set(v, Math.min(low.get(v), low.get(w)));
      } else if (on.has(w)) low.set(v, Math.min(low.get(v), idx.get(w)));
    }
    if (low.get(v) === idx.get(v)) {
      const comp = [];
      let w;
      do {
        w = stack.pop();
        on.delete(w);
        comp.push(w);
      } while (w !== v);
      if (comp.length > 1) out.push(comp.sort());
    }
  };
  for (const v of graph.keys()) if (!idx.has(v)) strong(v);
  return out;
}

for (const c of circles(imports)) {
  breaches.push(`import circle between files: ${c.map((f) => path.relative(root, f)).join(', ')}`);
}
const folderGraph = new Map();
for (const [file, targets] of imports) {
  if (file === path.join(src, 'index.ts')) continue; // the library's face imports everything
  const from = area(file) || '(root)';
  const set = folderGraph.get(from) ?? new Set();
  for (const t of targets) if ((area(t) || '(root)') !== from) set.add(area(t) || '(root)');
  folderGraph.set(from, set);
}
for (const c of circles(folderGraph))
  breaches.push(`import circle between folders: ${c.join(', ')}`);

if (process.argv.includes('--report')) {
  const byFolder = new Map();
  for (const s of sizes) {
    const key = area(path.join(root, s.rel)) || '(root)';
    const f = byFolder.get(key) ?? { files: 0, lines: 0 };
    f.files++;
    f.lines += s.lines;
    byFolder.set(key, f);
  }
  console.log('folders (files, lines):');
  for (const [k, v] of [...byFolder].sort())
    console.log(`  src/${k === '(root)' ? '' : k + '/'}  ${v.files}  ${v.lines}`);
  console.log('largest files:');
  for (const s of sizes.sort((a, b) => b.lines - a.lines).slice(0, 8))
    console.log(`  ${s.lines}  ${s.rel}`);
  console.log('longest functions:');
  for (const f of functions.sort((a, b) => b.span - a.span).slice(0, 8)) {
    console.log(`  ${f.span}  ${f.rel}:${f.line} ${f.name}`);
  }
  const over60 = functions.filter((f) => f.span > 60).length;
  console.log(
    `functions over 60 lines: ${over60}; over ${MAX_FUNCTION_LINES}: ${functions.filter((f) => f.span > MAX_FUNCTION_LINES).length}`,
  );
}

if (breaches.length > 0) {
  console.error(`layout rules: ${breaches.length} breaches`);
  for (const b of breaches) console.error(`  ${b}`);
  process.exit(1);
}
console.log(`layout rules hold: ${files.length} source files`);
