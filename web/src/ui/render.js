/*
 * Drawing the conversation: messages (the assistant's with safe rich text, the visitor's
 * verbatim), button choices and their answered state, notices, the typing indicator and the
 * error bar with Retry. Methods of ChatWidget (mixed in by chat-widget.js); accessibility
 * notes sit next to the code they explain.
 */

import { parseRichText, renderRichText } from '../richtext.js';
import { formatTime } from '../strings.js';
import { el } from './dom.js';

export const renderMethods = {
  drawEntry(entry) {
    const { doc, strings: s } = this;
    const msg = el(doc, 'div', { class: `msg ${entry.role}` });
    if (entry.staff) msg.classList.add('staff');
    // A person from the clinic is named visibly (not by colour alone); the others for screen readers.
    msg.appendChild(el(doc, 'span', { class: entry.staff ? 'who' : 'sr-only' }, entry.role === 'user' ? s.you : (entry.staff ? s.staff : s.assistant)));
    if (entry.text) {
      const bubble = el(doc, 'div', { class: 'bubble' });
      if (entry.role === 'bot') renderRichText(doc, parseRichText(entry.text), bubble);
      else bubble.textContent = entry.text; // the visitor's own words, shown verbatim
      msg.appendChild(bubble);
    }
    if (entry.image) msg.appendChild(el(doc, 'img', { src: entry.image, alt: '' }));
    if (entry.buttons && entry.buttons.length) msg.appendChild(this.drawChoices(entry));
    if (entry.timestamp) {
      const when = new Date(entry.timestamp * 1000);
      msg.appendChild(el(doc, 'time', { datetime: when.toISOString() }, formatTime(entry.timestamp, this.language)));
    }
    this.log.appendChild(msg);
    return msg;
  },

  drawChoices(entry) {
    const { doc } = this;
    const group = el(doc, 'div', { class: 'choices', role: 'group' });
    if (!entry.answered) group.classList.add('open');
    for (const button of entry.buttons) {
      const chosen = entry.chosen === button.payload;
      const node = el(doc, 'button', { type: 'button', 'data-payload': button.payload, 'aria-pressed': chosen ? 'true' : null }, button.title);
      if (chosen) node.classList.add('chosen'); // aria-pressed tells screen readers
      node.disabled = Boolean(entry.answered);
      node.addEventListener('click', () => this.onChoice(node, button));
      group.appendChild(node);
    }
    return group;
  },

  onChoice(node, button) {
    if (this.busy || node.disabled) return;
    if (button.payload === '/share_location') {
      this.shareLocation(); // the assistant offered location: ask the browser, send coordinates
      this.input.focus();
      return;
    }
    this.send(button.payload, button.title, { chosen: button.payload });
    // The clicked button is now disabled, which would drop keyboard focus to the page.
    this.input.focus();
  },

  /** Disables every unanswered button group; marks the button whose payload was sent. */
  answerOpenGroups(chosenPayload) {
    const groups = this.log.querySelectorAll('.choices.open');
    groups.forEach((group, index) => {
      group.classList.remove('open');
      for (const node of group.querySelectorAll('button')) {
        const isLastGroup = index === groups.length - 1;
        if (isLastGroup && chosenPayload && node.dataset.payload === chosenPayload) {
          node.classList.add('chosen');
          node.setAttribute('aria-pressed', 'true');
        }
        node.disabled = true;
      }
    });
  },

  drawNotice(text) {
    const note = el(this.doc, 'div', { class: 'notice msg' }, text);
    this.log.appendChild(note);
    this.scrollToEnd();
  },

  setTyping(on) {
    this.typing.hidden = !on;
    this.sendButton.disabled = on;
    this.status.textContent = on ? this.strings.typing : '';
  },

  showError(text, retry) {
    this.errorText.textContent = text;
    this.retryButton.hidden = !retry;
    this.retryButton.onclick = retry ? () => { this.clearError(); retry(); } : null;
    this.error.hidden = false; // role=alert announces it; focus stays where the visitor is
  },

  clearError() {
    this.error.hidden = true;
    this.errorText.textContent = '';
    this.retryButton.onclick = null;
  },

  scrollToEnd() {
    this.log.scrollTop = this.log.scrollHeight;
  },
};
