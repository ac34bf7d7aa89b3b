/*
 * The conversation history (GET /webhooks/webchat/history) as the widget draws it.
 * The history restores a conversation after a reload, and while clinic staff may write (the
 * history says "live") it is fetched again every LIVE_POLL_MS; newEntries picks what is new to
 * the screen so nothing is drawn twice. Pure logic: the fetching itself is in ui/conversation.js
 * and ui/live.js.
 */

// Shorter than a message's timeout: a few quick tries, then a visible error with Retry.
export const HISTORY_TIMEOUT_MS = 6000;
// While staff may write (history says "live"), new messages are fetched this often.
export const LIVE_POLL_MS = 2500;

/**
 * Turns the history endpoint's items into what the widget draws: which user items are
 * visible (a bare payload such as the opening "/greet" is not; a location is labelled)
 * and which button groups were already answered.
 */
export function transcriptView(items, strings) {
  const view = [];
  let openGroups = [];
  for (const item of items || []) {
    if (item.role === 'user') {
      openGroups.forEach((g) => { g.answered = true; });
      openGroups = [];
      let text = item.text;
      if (!text && typeof item.payload === 'string' && item.payload.startsWith('/share_location')) {
        text = strings.locationShared;
      }
      if (text) view.push({ role: 'user', text, timestamp: item.timestamp });
    } else if (item.role === 'bot') {
      const entry = botEntry(item, item.timestamp);
      if (!entry) continue;
      entry.chosen = item.chosen || null;
      entry.answered = false;
      if (entry.buttons.length) openGroups.push(entry);
      view.push(entry);
    }
  }
  return view;
}

/** A bot message (live reply or history item) as {text, buttons, image}; null if empty. */
export function botEntry(message, timestamp) {
  const custom = message.custom && typeof message.custom === 'object' ? message.custom : {};
  const text = typeof message.text === 'string' ? message.text : (typeof custom.text === 'string' ? custom.text : '');
  const rawButtons = Array.isArray(message.buttons) ? message.buttons : (Array.isArray(custom.buttons) ? custom.buttons : []);
  const buttons = rawButtons
    .filter((b) => b && typeof b.payload === 'string')
    .map((b) => ({ title: String(b.title || b.payload), payload: b.payload }));
  const image = typeof message.image === 'string' && /^https:\/\//.test(message.image) ? message.image : null;
  if (!text && !buttons.length && !image) return null;
  const entry = { role: 'bot', text, buttons, image, timestamp };
  if (message.staff === true) entry.staff = true; // written by clinic staff (console Inbox)
  return entry;
}

/**
 * While live, the history is fetched again and again: which of its entries are new to the
 * screen. `syncedCount` entries were there at the last fetch; `local` are entries drawn since
 * then from the visitor's own sending (their message, the assistant's replies), which the
 * history now also holds and must not be drawn twice.
 */
export function newEntries(view, syncedCount, local) {
  const pending = (local || []).slice();
  const fresh = [];
  for (const entry of view.slice(syncedCount)) {
    const i = pending.findIndex((l) => l.role === entry.role && (l.text || '') === (entry.text || ''));
    if (i >= 0) pending.splice(i, 1);
    else fresh.push(entry);
  }
  return fresh;
}
