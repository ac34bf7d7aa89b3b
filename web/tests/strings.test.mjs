// The UI strings file is the source of truth; the embedded English fallback must match it.
import test from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { FALLBACK_STRINGS } from '../src/strings.js';

const __dirname = path.dirname(fileURLToPath(import.meta.url));

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
  const src = path.join(__dirname, '..', 'src');
  const files = fs.readdirSync(src, { recursive: true }).filter((name) => name.endsWith('.js'));
  assert.ok(files.length > 5, 'the widget sources are found');
  const source = files.map((name) => fs.readFileSync(path.join(src, name), 'utf8')).join('\n');
  const used = new Set([...source.matchAll(/(?:(?<![\w.-])s|this\.strings)\.([a-zA-Z]+)\b/g)].map((m) => m[1]));
  assert.ok(used.has('locationShared') && used.has('errorSlowDown'), 'the scan finds the strings in use');
  for (const key of used) assert.ok(key in table.en, `missing string "${key}"`);
});
