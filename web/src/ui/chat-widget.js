/*
 * The ChatWidget: its state, its Shadow DOM skeleton (launcher button and chat panel), the
 * event wiring and opening/closing. The rest of its methods live by concern in
 * conversation.js (talking to the server), live.js (staff replies) and render.js (drawing),
 * and are mixed into the prototype below, so `this` is the same widget everywhere.
 */

import { MAX_MESSAGE_CHARS } from '../payloads.js';
import { OPEN_KEY, createSessionStore, randomUuid, safeStorage } from '../session.js';
import { conversationMethods } from './conversation.js';
import { el } from './dom.js';
import { liveMethods } from './live.js';
import { renderMethods } from './render.js';
import { ICON, STYLE } from './style.js';

export class ChatWidget {
  constructor({ win, script, strings, language, server, initPayload }) {
    this.win = win;
    this.doc = win.document;
    this.strings = strings;
    this.language = language;
    this.server = server.replace(/\/+$/, '');
    this.initPayload = initPayload;
    this.session = createSessionStore(safeStorage(win, 'localStorage'), () => randomUuid(win.crypto));
    this.openState = safeStorage(win, 'sessionStorage');
    this.busy = false;
    this.historyLoaded = false;
    this.script = script;
    this.live = false; // staff may write at any moment: poll the history
    this.pollTimer = null;
    this.syncedCount = null; // history entries on screen at the last fetch (null: unknown)
    this.localSinceSync = [];
  }

  mount() {
    const { doc, strings: s } = this;
    this.host = el(doc, 'nextmed-chat-widget');
    this.host.setAttribute('style', 'all: initial');
    const shadow = this.host.attachShadow({ mode: 'open' });
    shadow.appendChild(el(doc, 'style', {}, STYLE));
    this.root = el(doc, 'div', { class: 'root', lang: this.language });
    shadow.appendChild(this.root);

    // The visible text is the accessible name (WCAG 2.5.3 "label in name"); the sr-only part
    // says what the chat is; aria-expanded tells whether it is open.
    this.launcher = el(doc, 'button', {
      type: 'button', class: 'launcher', 'aria-expanded': 'false', 'aria-controls': 'nm-panel',
    });
    this.launcher.innerHTML = ICON; // static markup, no user or bot text
    this.launcher.append(el(doc, 'span', {}, s.launcher), el(doc, 'span', { class: 'sr-only' }, ` (${s.title})`));

    this.panel = el(doc, 'section', { class: 'panel', id: 'nm-panel', role: 'dialog', 'aria-labelledby': 'nm-title', hidden: true });
    const header = el(doc, 'header');
    const heading = el(doc, 'div', { class: 'heading' });
    heading.append(el(doc, 'h2', { id: 'nm-title' }, s.title), el(doc, 'p', {}, s.subtitle));
    this.restartButton = el(doc, 'button', { type: 'button', class: 'restart' }, s.startOver);
    this.closeButton = el(doc, 'button', { type: 'button', class: 'close', 'aria-label': s.closeLabel }, '×');
    header.append(heading, this.restartButton, this.closeButton);

    // role=log is a polite live region: screen readers announce each new message once.
    this.log = el(doc, 'div', { class: 'log', role: 'log', 'aria-label': s.logLabel, tabindex: '0' });
    this.typing = el(doc, 'div', { class: 'typing', hidden: true });
    const dots = el(doc, 'span', { class: 'dots', 'aria-hidden': 'true' });
    dots.append(el(doc, 'span'), el(doc, 'span'), el(doc, 'span'));
    this.typing.append(dots, el(doc, 'span', {}, s.typing));
    this.status = el(doc, 'div', { class: 'sr-only', role: 'status' });

    this.error = el(doc, 'div', { class: 'error', role: 'alert', hidden: true });
    this.errorText = el(doc, 'p');
    this.retryButton = el(doc, 'button', { type: 'button', class: 'retry' }, s.retry);
    this.error.append(this.errorText, this.retryButton);

    this.form = el(doc, 'form', { class: 'composer' });
    this.locateButton = el(doc, 'button', { type: 'button', class: 'locate' }, s.shareLocation);
    const row = el(doc, 'div', { class: 'row' });
    this.input = el(doc, 'textarea', {
      id: 'nm-input', rows: '1', maxlength: String(MAX_MESSAGE_CHARS), placeholder: s.inputPlaceholder, 'aria-label': s.inputLabel,
    });
    this.sendButton = el(doc, 'button', { type: 'submit', class: 'send' }, s.send);
    row.append(this.input, this.sendButton);
    this.form.append(this.locateButton, row);

    this.panel.append(header, this.log, this.typing, this.error, this.status, this.form);
    this.root.append(this.launcher, this.panel);
    doc.body.appendChild(this.host);
    this.bindEvents();

    if (this.session.peek()) this.loadHistory();
    if (this.readOpen()) this.open({ focus: false });
  }

  bindEvents() {
    this.launcher.addEventListener('click', () => (this.isOpen() ? this.close() : this.open()));
    this.closeButton.addEventListener('click', () => this.close());
    this.restartButton.addEventListener('click', () => this.startOver());
    this.locateButton.addEventListener('click', () => this.shareLocation());
    this.panel.addEventListener('keydown', (e) => {
      if (e.key === 'Escape') {
        e.preventDefault();
        this.close();
      }
    });
    this.form.addEventListener('submit', (e) => {
      e.preventDefault();
      this.submitTyped();
    });
    this.input.addEventListener('keydown', (e) => {
      if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) {
        e.preventDefault();
        this.submitTyped();
      }
    });
  }

  isOpen() {
    return !this.panel.hidden;
  }

  readOpen() {
    try { return this.openState && this.openState.getItem(OPEN_KEY) === '1'; } catch (_) { return false; }
  }

  writeOpen(open) {
    try { if (this.openState) this.openState.setItem(OPEN_KEY, open ? '1' : '0'); } catch (_) { /* cosmetic */ }
  }

  open(options) {
    const { focus = true } = options || {};
    this.panel.hidden = false;
    this.root.classList.add('open');
    this.launcher.setAttribute('aria-expanded', 'true');
    this.writeOpen(true);
    if (focus) this.input.focus();
    this.scrollToEnd();
    this.maybeStartConversation();
  }

  close() {
    this.panel.hidden = true;
    this.root.classList.remove('open');
    this.launcher.setAttribute('aria-expanded', 'false');
    this.writeOpen(false);
    this.launcher.focus();
  }

  /** A new visitor (or one who started over) gets the assistant's greeting on opening. */
  maybeStartConversation() {
    if (!this.initPayload || this.busy || this.historyPending) return;
    if (this.session.peek() && !this.historyLoaded) return; // history decides
    if (this.log.querySelector('.msg')) return;
    this.send(this.initPayload, null);
  }

  endpoint(path) {
    return `${this.server}/webhooks/webchat/${path}`;
  }
}

Object.assign(ChatWidget.prototype, conversationMethods, liveMethods, renderMethods);
