/*
 * The conversation: restoring it from the history, sending what the visitor types or clicks,
 * starting over, and sharing the location. Methods of ChatWidget (mixed in by chat-widget.js),
 * kept here so the widget's talking to the server reads in one place. Errors always end in a
 * visible message, with Retry when trying again can help (never for a refused message).
 */

import { HISTORY_TIMEOUT_MS, botEntry, transcriptView } from '../history.js';
import { MAX_MESSAGE_CHARS, buildMessageBody, locationPayload } from '../payloads.js';
import { RequestFailure, fetchJson, withRetries } from '../transport.js';

export const conversationMethods = {
  async loadHistory() {
    const sender = this.session.peek();
    if (!sender) return;
    this.historyPending = true;
    this.clearError();
    try {
      // Shorter timeout than messages: a few quick tries, then a visible error with Retry.
      const body = await withRetries(() => fetchJson(
        this.win.fetch.bind(this.win), `${this.endpoint('history')}?sender=${encodeURIComponent(sender)}`,
        { method: 'GET', headers: { Accept: 'application/json' } },
        HISTORY_TIMEOUT_MS,
      ));
      this.historyPending = false;
      this.historyLoaded = true;
      this.log.replaceChildren();
      const view = transcriptView(body.messages, this.strings);
      for (const entry of view) this.drawEntry(entry);
      this.syncedCount = view.length;
      this.localSinceSync = [];
      this.setLive(Boolean(body.live));
      this.scrollToEnd();
      if (this.isOpen()) this.maybeStartConversation();
    } catch (failure) {
      this.historyPending = false;
      if (failure instanceof RequestFailure && failure.kind === 'rejected') {
        // The server refuses this id (e.g. an old format): start a fresh conversation.
        this.session.clear();
        this.historyLoaded = true;
        if (this.isOpen()) this.maybeStartConversation();
        return;
      }
      this.showError(this.strings.errorHistory, () => this.loadHistory());
    }
  },

  submitTyped() {
    const text = this.input.value.trim();
    if (!text || this.busy) return;
    if (text.length > MAX_MESSAGE_CHARS) {
      this.showError(this.strings.errorTooLong, null);
      return;
    }
    this.input.value = '';
    this.send(text, text);
  },

  /**
   * Sends `payload`; `display` is what the visitor sees as their message (null: nothing,
   * e.g. the opening /greet). Any open button groups count as answered from now on.
   */
  send(payload, display, options) {
    if (this.busy) return Promise.resolve();
    const { chosen } = options || {};
    this.answerOpenGroups(chosen || null);
    if (display) this.drawLocal({ role: 'user', text: display, timestamp: Date.now() / 1000 });
    this.scrollToEnd();
    return this.deliver(payload);
  },

  async deliver(payload) {
    this.busy = true;
    this.clearError();
    this.setTyping(true);
    const sender = this.session.get();
    const body = buildMessageBody({
      sender, message: payload, pageUrl: this.win.location.href, language: this.language,
    });
    try {
      const replies = await fetchJson(this.win.fetch.bind(this.win), this.endpoint('webhook'), {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
        body: JSON.stringify(body),
      });
      this.historyLoaded = true;
      const now = Date.now() / 1000;
      for (const reply of Array.isArray(replies) ? replies : []) {
        const entry = botEntry(reply, now);
        if (entry) this.drawLocal(Object.assign(entry, { answered: false, chosen: null }));
        // The assistant asked the clinic team to join: their replies arrive through the history.
        if (reply && reply.custom && reply.custom.handoff) this.setLive(true);
      }
    } catch (failure) {
      const s = this.strings;
      const kind = failure instanceof RequestFailure ? failure.kind : 'server';
      const text = { timeout: s.errorTimeout, network: s.errorNetwork, too_long: s.errorTooLong, slow_down: s.errorSlowDown, rejected: s.errorRejected }[kind] || s.errorServer;
      const retryable = failure instanceof RequestFailure ? failure.retryable : true;
      this.showError(text, retryable ? () => this.deliver(payload) : null);
    } finally {
      this.busy = false;
      this.setTyping(false);
      this.scrollToEnd();
    }
  },

  async startOver() {
    if (this.busy) return;
    const old = this.session.peek();
    if (old) {
      // End the old conversation on the server too, so staff see where it stopped.
      this.busy = true;
      this.setTyping(true);
      try {
        await fetchJson(this.win.fetch.bind(this.win), this.endpoint('webhook'), {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify(buildMessageBody({ sender: old, message: '/restart', pageUrl: this.win.location.href, language: this.language })),
        });
      } catch (failure) {
        this.busy = false;
        this.setTyping(false);
        const s = this.strings;
        const text = failure instanceof RequestFailure && failure.kind === 'timeout' ? s.errorTimeout : s.errorNetwork;
        this.showError(text, () => this.startOver());
        return;
      }
      this.busy = false;
      this.setTyping(false);
    }
    this.session.clear();
    this.setLive(false);
    this.syncedCount = null;
    this.localSinceSync = [];
    this.clearError();
    this.log.replaceChildren();
    this.historyLoaded = true;
    this.input.focus();
    this.maybeStartConversation();
  },

  shareLocation() {
    const geo = this.win.navigator.geolocation;
    if (!geo) {
      this.drawNotice(this.strings.locationUnavailable);
      return;
    }
    this.status.textContent = this.strings.locating;
    geo.getCurrentPosition(
      (pos) => {
        this.status.textContent = '';
        let payload;
        try {
          payload = locationPayload(pos.coords.latitude, pos.coords.longitude);
        } catch (_) {
          this.drawNotice(this.strings.locationUnavailable);
          return;
        }
        this.send(payload, this.strings.locationShared, { chosen: '/share_location' });
      },
      (err) => {
        this.status.textContent = '';
        // code 1 = PERMISSION_DENIED; anything else (timeout, no fix) is "unavailable".
        this.drawNotice(err && err.code === 1 ? this.strings.locationDenied : this.strings.locationUnavailable);
      },
      { enableHighAccuracy: false, timeout: 10000, maximumAge: 600000 },
    );
  },
};
