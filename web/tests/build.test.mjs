// The one embedded file: built from web/src without import cycles, and inert outside a page.
import test from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import vm from 'node:vm';
import { fileURLToPath } from 'node:url';
import { findCycle } from '../build.mjs';

const WIDGET = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'widget.js');

const graph = (edges) => Object.fromEntries(
  Object.entries(edges).map(([from, to]) => [from, { imports: to.map((p) => ({ path: p })) }]),
);

test('an import cycle among the modules is found and named', () => {
  assert.equal(findCycle(graph({ 'main.js': ['boot.js'], 'boot.js': ['strings.js', 'ui.js'], 'ui.js': ['strings.js'], 'strings.js': [] })), null);
  assert.deepEqual(
    findCycle(graph({ 'main.js': ['boot.js'], 'boot.js': ['ui.js'], 'ui.js': ['render.js'], 'render.js': ['boot.js'] })),
    ['boot.js', 'ui.js', 'render.js', 'boot.js'],
  );
});

test('widget.js is a generated classic script that leaks no globals onto the clinic page', () => {
  const code = fs.readFileSync(WIDGET, 'utf8');
  assert.match(code, /GENERATED FILE: do not edit/);
  assert.doesNotMatch(code, /^\s*(import|export)\s/m, 'no ES module syntax: pages embed it with a plain <script>');
  const page = {};
  vm.runInNewContext(code, page); // no document: it must neither throw nor boot
  assert.deepEqual(Object.keys(page), []);
});
