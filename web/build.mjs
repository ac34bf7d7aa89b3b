// Builds web/widget.js (the one file pages embed) from the ES modules in web/src with esbuild,
// pinned in package.json. `node web/build.mjs` (or `npm run build`) writes the file;
// `node web/build.mjs --check` (make test-unit) fails when the committed file is not what the
// sources build to, so an edit to web/src without a rebuild cannot pass CI. Both refuse an
// import cycle among the modules, as scripts/check_import_cycles.py does for the Python code.
import { readFileSync, realpathSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const WEB = dirname(fileURLToPath(import.meta.url));
const OUT = join(WEB, 'widget.js');

const BANNER = `/*
 * NextMed Clinic chat widget. GENERATED FILE: do not edit. The source is web/src/ (start at
 * web/src/main.js); rebuild with \`npm run build\`. \`make test\` fails if this file is stale.
 *
 * Embed:  <script src="https://.../widget.js" data-server="https://rasa.example" defer></script>
 * Options: data-server, data-lang, data-init-payload (see web/README.md).
 * Copy widget-strings.json next to this file.
 */
'use strict';`;

async function bundle() {
  const result = await build({
    entryPoints: [join(WEB, 'src', 'main.js')],
    absWorkingDir: dirname(WEB), // the "// web/src/..." path comments must not depend on the caller's directory
    bundle: true,
    write: false,
    format: 'iife', // a classic <script>: no globals leak, document.currentScript works
    platform: 'browser',
    target: 'esnext', // no down-levelling: the code runs as written
    charset: 'utf8', // keep "…", "📍" and "×" readable
    legalComments: 'none',
    banner: { js: BANNER },
    logLevel: 'warning',
    metafile: true, // the import graph, for findCycle
  });
  const cycle = findCycle(result.metafile.inputs);
  if (cycle) {
    console.error(`import cycle in the widget's modules: ${cycle.join(' -> ')}`);
    process.exit(1);
  }
  return result.outputFiles[0].text;
}

/** The first import cycle in esbuild's metafile inputs, as a list of paths, or null. */
export function findCycle(inputs) {
  const state = new Map(); // path -> 'visiting' | 'done'
  const stack = [];
  const visit = (path) => {
    if (state.get(path) === 'done') return null;
    if (state.get(path) === 'visiting') return stack.slice(stack.indexOf(path)).concat(path);
    state.set(path, 'visiting');
    stack.push(path);
    for (const { path: next } of inputs[path]?.imports || []) {
      const cycle = visit(next);
      if (cycle) return cycle;
    }
    stack.pop();
    state.set(path, 'done');
    return null;
  };
  for (const path of Object.keys(inputs)) {
    const cycle = visit(path);
    if (cycle) return cycle;
  }
  return null;
}

async function main() {
  const built = await bundle();
  if (process.argv.includes('--check')) {
    let committed = '';
    try {
      committed = readFileSync(OUT, 'utf8');
    } catch (_) { /* missing counts as stale */ }
    if (committed !== built) {
      console.error('web/widget.js is stale: it differs from what web/src builds to. Run `npm run build` and commit it.');
      process.exit(1);
    }
    console.log('web/widget.js is up to date with web/src.');
  } else {
    writeFileSync(OUT, built);
    console.log(`wrote ${OUT} (${built.length} characters)`);
  }
}

// Run only as a script: web/tests/ imports findCycle from here.
if (process.argv[1] && realpathSync(process.argv[1]) === realpathSync(fileURLToPath(import.meta.url))) await main();
