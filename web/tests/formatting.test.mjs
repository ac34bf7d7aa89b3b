// Bot text formatting: only bold, line breaks and safe links; everything else stays text.
import test from 'node:test';
import assert from 'node:assert/strict';
import { parseRichText, renderRichText, safeHref } from '../src/richtext.js';

/** A tiny stand-in for `document` that fails loudly if anything tries to parse HTML. */
function fakeDocument() {
  const make = (tag) => {
    const node = {
      tag, children: [], attrs: {},
      appendChild(child) { this.children.push(child); return child; },
      set innerHTML(_) { throw new Error('innerHTML must not be used for message text'); },
    };
    return node;
  };
  return {
    createElement: make,
    createTextNode: (text) => ({ tag: '#text', text }),
  };
}

function textOf(node) {
  if (node.tag === '#text') return node.text;
  if (node.tag === 'br') return '\n';
  return (node.textContent || '') + node.children.map(textOf).join('');
}

test('bold, line breaks and markdown links become structured nodes', () => {
  assert.deepEqual(parseRichText('Hi **there**\nSee [our page](https://nextmed.example/a).'), [
    { type: 'text', text: 'Hi ' },
    { type: 'bold', children: [{ type: 'text', text: 'there' }] },
    { type: 'br' },
    { type: 'text', text: 'See ' },
    { type: 'link', href: 'https://nextmed.example/a', text: 'our page' },
    { type: 'text', text: '.' },
  ]);
});

test('a bare URL becomes a link without the sentence-ending punctuation', () => {
  const nodes = parseRichText('Visit https://nextmed.example/book. Thanks');
  assert.deepEqual(nodes[1], { type: 'link', href: 'https://nextmed.example/book', text: 'https://nextmed.example/book' });
  assert.deepEqual(nodes[2], { type: 'text', text: '. Thanks' });
});

test('HTML in bot text stays literal text', () => {
  const payload = '<img src=x onerror=alert(1)><script>alert(2)</script>';
  assert.deepEqual(parseRichText(payload), [{ type: 'text', text: payload }]);
});

test('javascript: and data: links are shown as plain text, not links', () => {
  for (const href of ['javascript:alert(1)', 'JaVaScRiPt:alert(1)', 'data:text/html,<b>x</b>']) {
    const nodes = parseRichText(`[click me](${href})`);
    assert.ok(nodes.every((n) => n.type !== 'link'), href);
    assert.equal(safeHref(href), null);
  }
  assert.equal(safeHref('tel:+60300000000'), 'tel:+60300000000');
  assert.equal(safeHref('not a url'), null);
});

test('an unclosed ** is left as typed', () => {
  assert.deepEqual(parseRichText('2 ** 3'), [{ type: 'text', text: '2 ** 3' }]);
});

test('rendering builds DOM nodes: links open in a new tab with rel=noopener', () => {
  const doc = fakeDocument();
  const root = renderRichText(doc, parseRichText('**Bold** <b>x</b>\n[Book](https://nextmed.example/)'), doc.createElement('div'));
  assert.deepEqual(root.children.map((c) => c.tag), ['strong', '#text', 'br', 'a']);
  const link = root.children[3];
  assert.equal(link.href, 'https://nextmed.example/');
  assert.equal(link.target, '_blank');
  assert.match(link.rel, /\bnoopener\b/);
  assert.equal(textOf(root), 'Bold <b>x</b>\nBook');
});
