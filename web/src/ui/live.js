/*
 * Live replies from clinic staff. When the assistant hands the chat over (or the history says
 * "live"), the widget fetches the history every LIVE_POLL_MS and draws only what is new, so a
 * staff member's answer from the console Inbox reaches the visitor within seconds. Methods of
 * ChatWidget (mixed in by chat-widget.js). Polling failures stay quiet and simply try again.
 */

import { HISTORY_TIMEOUT_MS, LIVE_POLL_MS, newEntries, transcriptView } from '../history.js';
import { fetchJson } from '../transport.js';

export const liveMethods = {
  setLive(on) {
    this.live = on;
    if (!on) {
      clearTimeout(this.pollTimer);
      this.pollTimer = null;
    } else if (!this.pollTimer) {
      this.pollTimer = setTimeout(() => this.pollHistory(), LIVE_POLL_MS);
    }
  },

  async pollHistory() {
    this.pollTimer = null;
    const sender = this.session.peek();
    if (!this.live || !sender) return;
    if (this.busy || this.historyPending) {
      this.setLive(true); // a message is on its way; look again shortly
      return;
    }
    let body;
    try {
      body = await fetchJson(
        this.win.fetch.bind(this.win), `${this.endpoint('history')}?sender=${encodeURIComponent(sender)}`,
        { method: 'GET', headers: { Accept: 'application/json' } }, HISTORY_TIMEOUT_MS,
      );
    } catch (_) {
      this.setLive(this.live); // quietly try again: the visitor's own sending shows errors
      return;
    }
    if (this.session.peek() !== sender) return; // started over meanwhile
    const view = transcriptView(body.messages, this.strings);
    if (!this.busy) {
      // Never synced yet (a new visitor): everything drawn so far is the baseline, so a staff reply
      // that arrived before this first look is still drawn, not counted as already on screen.
      const fresh = newEntries(view, this.syncedCount === null ? 0 : this.syncedCount, this.localSinceSync);
      for (const entry of fresh) this.drawEntry(entry);
      if (fresh.length) this.scrollToEnd();
    }
    if (!this.busy) {
      this.syncedCount = view.length;
      this.localSinceSync = [];
    }
    this.setLive(Boolean(body.live) || this.busy);
  },

  drawLocal(entry) {
    this.localSinceSync.push(entry); // matched against the history at the next look (newEntries)
    return this.drawEntry(entry);
  },
};
