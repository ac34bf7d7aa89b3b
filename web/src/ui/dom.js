/*
 * The one DOM helper: an element with attributes and text. Text is always set with textContent,
 * never innerHTML, so nothing a visitor or the assistant writes is ever parsed as markup.
 */

export function el(doc, tag, attrs, text) {
  const node = doc.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === true) node.setAttribute(k, '');
    else if (v !== false && v != null) node.setAttribute(k, String(v));
  }
  if (text != null) node.textContent = text;
  return node;
}
