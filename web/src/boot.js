/*
 * Start-up: reads the embedding <script> tag's data- attributes (data-server, data-lang,
 * data-init-payload), loads widget-strings.json from next to widget.js, then mounts one
 * ChatWidget when the page is ready. Exposes it as window.__nextmedChat for debugging.
 */

import { detectLanguage, pickStrings } from './strings.js';
import { fetchJson } from './transport.js';
import { ChatWidget } from './ui/chat-widget.js';

async function loadStrings(win, url) {
  try {
    return await fetchJson(win.fetch.bind(win), url, { method: 'GET' }, 5000);
  } catch (_) {
    return null; // English fallback below; the widget must work without the file
  }
}

export async function boot(script) {
  const win = script.ownerDocument.defaultView;
  const doc = win.document;
  if (doc.querySelector('nextmed-chat-widget')) return null; // embedded twice
  const scriptUrl = new URL(script.src, doc.baseURI);
  const language = detectLanguage(script.dataset.lang, doc.documentElement.lang);
  const server = script.dataset.server || scriptUrl.origin;
  const initPayload = script.dataset.initPayload === undefined ? '/greet' : script.dataset.initPayload;
  const table = await loadStrings(win, new URL('widget-strings.json', scriptUrl).href);
  const strings = pickStrings(table, language);
  const start = () => {
    const widget = new ChatWidget({ win, script, strings, language, server, initPayload });
    widget.mount();
    win.__nextmedChat = widget; // handy for debugging from the console
    return widget;
  };
  if (doc.readyState === 'loading') {
    return new Promise((resolve) => doc.addEventListener('DOMContentLoaded', () => resolve(start()), { once: true }));
  }
  return start();
}
