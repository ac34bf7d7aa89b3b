/*
 * Safe formatting of the assistant's text: **bold**, line breaks, [label](url) and bare links.
 * Parsing returns plain data and rendering builds DOM nodes with textContent only, so markup in a
 * message (e.g. <img onerror=...>) is shown as text and never parsed as HTML. Links are limited
 * to http(s), mailto and tel, so a javascript: or data: URL never becomes clickable.
 */

const SAFE_PROTOCOLS = ['http:', 'https:', 'mailto:', 'tel:'];

/** Returns a safe href for http(s)/mailto/tel URLs, or null (javascript:, data:, junk). */
export function safeHref(raw) {
  let url;
  try {
    url = new URL(String(raw).trim());
  } catch (_) {
    return null;
  }
  return SAFE_PROTOCOLS.includes(url.protocol) ? url.href : null;
}

// [label](url) | **bold** | bare http(s) URL
const INLINE_RE = /\[([^\]\n]+)\]\(([^)\s]+)\)|\*\*([^*\n]+?)\*\*|(https?:\/\/[^\s<>"']+)/g;

function parseInline(line, allowBold) {
  const nodes = [];
  let last = 0;
  const pushText = (text) => {
    if (!text) return;
    const prev = nodes[nodes.length - 1];
    if (prev && prev.type === 'text') prev.text += text;
    else nodes.push({ type: 'text', text });
  };
  let m;
  const re = new RegExp(INLINE_RE.source, 'g'); // own lastIndex: safe to recurse
  while ((m = re.exec(line)) !== null) {
    let whole = m[0];
    let trailing = '';
    if (m[4]) {
      // A sentence-ending "." or ")" belongs to the sentence, not the URL.
      const cut = whole.match(/[.,;:!?)]+$/);
      if (cut) {
        trailing = cut[0];
        whole = whole.slice(0, -trailing.length);
      }
    }
    pushText(line.slice(last, m.index));
    if (m[1] !== undefined) {
      const href = safeHref(m[2]);
      if (href) nodes.push({ type: 'link', href, text: m[1] });
      else pushText(m[1]);
    } else if (m[3] !== undefined) {
      if (allowBold) nodes.push({ type: 'bold', children: parseInline(m[3], false) });
      else pushText(whole);
    } else {
      const href = safeHref(whole);
      if (href) nodes.push({ type: 'link', href, text: whole });
      else pushText(whole);
    }
    pushText(trailing);
    last = m.index + m[0].length;
  }
  pushText(line.slice(last));
  return nodes;
}

/** Bot text as a list of {type: text|br|bold|link} nodes; see renderRichText. */
export function parseRichText(text) {
  const nodes = [];
  String(text == null ? '' : text)
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .forEach((line, i) => {
      if (i > 0) nodes.push({ type: 'br' });
      nodes.push(...parseInline(line, true));
    });
  return nodes;
}

/** Appends `nodes` (from parseRichText) to `parent` as DOM nodes; links open in a new tab. */
export function renderRichText(doc, nodes, parent) {
  for (const node of nodes) {
    if (node.type === 'text') {
      parent.appendChild(doc.createTextNode(node.text));
    } else if (node.type === 'br') {
      parent.appendChild(doc.createElement('br'));
    } else if (node.type === 'bold') {
      const strong = doc.createElement('strong');
      renderRichText(doc, node.children, strong);
      parent.appendChild(strong);
    } else if (node.type === 'link') {
      const a = doc.createElement('a');
      a.href = node.href;
      a.target = '_blank';
      a.rel = 'noopener noreferrer';
      a.textContent = node.text;
      parent.appendChild(a);
    }
  }
  return parent;
}
