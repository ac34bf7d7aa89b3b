/*
 * The visitor's conversation id (the Rasa sender) and the browser storage it lives in.
 * The id is a random UUID v4 kept in localStorage, so it survives reloads and page navigation
 * and the history can be restored. Storage can be missing or throw (privacy modes): then the id
 * lives in memory for this page only, which still works, just without restoring history.
 */

export const SESSION_KEY = 'nextmed-chat-session';
// Whether the panel was open, per tab (sessionStorage), so navigating keeps it open.
export const OPEN_KEY = 'nextmed-chat-open';
const UUID_V4_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

export function isUuidV4(value) {
  return typeof value === 'string' && UUID_V4_RE.test(value);
}

/** A store for the id: peek() (never creates one), get() (creates one if needed), clear(). */
export function createSessionStore(storage, makeId, key) {
  key = key || SESSION_KEY;
  let memory = null;
  const read = () => {
    try {
      return storage ? storage.getItem(key) : memory;
    } catch (_) {
      return memory;
    }
  };
  const write = (id) => {
    memory = id;
    try {
      if (storage) {
        if (id === null) storage.removeItem(key);
        else storage.setItem(key, id);
      }
    } catch (_) { /* memory copy is enough */ }
  };
  return {
    /** The existing id or null; never creates one (casual visitors get no id). */
    peek() {
      const id = read();
      return isUuidV4(id) ? id : (memory && isUuidV4(memory) ? memory : null);
    },
    get() {
      const id = this.peek();
      if (id) return id;
      const fresh = makeId();
      write(fresh);
      return fresh;
    },
    /** Forgets the conversation; the next get() starts a new one. */
    clear() {
      write(null);
    },
  };
}

export function randomUuid(cryptoObj) {
  if (cryptoObj && typeof cryptoObj.randomUUID === 'function') return cryptoObj.randomUUID();
  // crypto.randomUUID needs a secure context; plain-http demo pages fall back to
  // getRandomValues, which is just as random.
  const b = cryptoObj.getRandomValues(new Uint8Array(16));
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const h = Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/** win.localStorage or win.sessionStorage if it really works (a probe write), else null. */
export function safeStorage(win, name) {
  try {
    const storage = win[name];
    const probe = '__nextmed_probe__';
    storage.setItem(probe, '1');
    storage.removeItem(probe);
    return storage;
  } catch (_) {
    return null;
  }
}
