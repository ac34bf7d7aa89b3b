'use strict';
// The UI strings file is the source of truth; the embedded English fallback must match it.
const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { FALLBACK_STRINGS } = require('../widget.js');

const table = JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'widget-strings.json'), 'utf8'));

test('the embedded English fallback equals widget-strings.json "en"', () => {
  assert.deepEqual(FALLBACK_STRINGS, table.en);
});

test('every language has exactly the English keys, all non-empty', () => {
  const keys = Object.keys(table.en).sort();
  for (const [language, strings] of Object.entries(table)) {
    assert.deepEqual(Object.keys(strings).sort(), keys, language);
    for (const [key, value] of Object.entries(strings)) {
      assert.ok(typeof value === 'string' && value.trim(), `${language}.${key}`);
    }
  }
});

test('every string the widget uses exists in the file', () => {
  const source = fs.readFileSync(path.join(__dirname, '..', 'widget.js'), 'utf8');
  const used = new Set([...source.matchAll(/(?:(?<![\w.-])s|this\.strings)\.([a-zA-Z]+)\b/g)].map((m) => m[1]));
  for (const key of used) assert.ok(key in table.en, `missing string "${key}"`);
});
