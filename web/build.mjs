// Builds web/widget.js (the one file pages embed) from the ES modules in web/src with esbuild,
// pinned in package.json. `node web/build.mjs` (or `npm run build`) writes the file;
// `node web/build.mjs --check` (make test-unit) fails when the committed file is not what the
// sources build to, so an edit to web/src without a rebuild cannot pass CI.
import { readFileSync, writeFileSync } from 'node:fs';
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
    bundle: true,
    write: false,
    format: 'iife', // a classic <script>: no globals leak, document.currentScript works
    platform: 'browser',
    target: 'esnext', // no down-levelling: the code runs as written
    charset: 'utf8', // keep "…", "📍" and "×" readable
    legalComments: 'none',
    banner: { js: BANNER },
    logLevel: 'warning',
  });
  return result.outputFiles[0].text;
}

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
