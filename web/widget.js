/*
 * NextMed Clinic chat widget. GENERATED FILE: do not edit. The source is web/src/ (start at
 * web/src/main.js); rebuild with `npm run build`. `make test` fails if this file is stale.
 *
 * Embed:  <script src="https://.../widget.js" data-server="https://rasa.example" defer></script>
 * Options: data-server, data-lang, data-init-payload (see web/README.md).
 * Copy widget-strings.json next to this file.
 */
'use strict';
(() => {
  // web/src/strings.js
  var FALLBACK_STRINGS = {
    title: "NextMed skin assistant",
    subtitle: "General education, not a diagnosis",
    launcher: "Chat with us",
    closeLabel: "Close chat",
    startOver: "Start over",
    logLabel: "Conversation",
    inputLabel: "Your message",
    inputPlaceholder: "Type your message…",
    send: "Send",
    shareLocation: "Share my location",
    locationShared: "📍 Shared my location",
    locating: "Finding your location…",
    locationDenied: "No problem, I couldn't use your location because permission was not given. You can type your area or postcode instead.",
    locationUnavailable: "Sorry, your location isn't available right now. You can type your area or postcode instead.",
    you: "You said:",
    assistant: "Assistant said:",
    staff: "Clinic staff said:",
    typing: "The assistant is typing…",
    errorNetwork: "Sorry, I can't reach the assistant right now. Please check your connection and try again.",
    errorTimeout: "Sorry, the assistant is taking too long to reply. Please try again.",
    errorServer: "Sorry, something went wrong on our side. Please try again.",
    errorTooLong: "That message is too long. Please keep it under 2000 characters.",
    errorSlowDown: "You're sending messages very quickly. Please slow down and try again in a minute.",
    errorRejected: "Sorry, that message couldn't be sent. Please start over.",
    errorHistory: "Sorry, I couldn't load your earlier messages.",
    retry: "Retry"
  };
  function detectLanguage(dataLang, htmlLang) {
    for (const candidate of [dataLang, htmlLang]) {
      const m = /^([a-z]{2,3})(?:[-_]|$)/i.exec(String(candidate || "").trim());
      if (m) return m[1].toLowerCase();
    }
    return "en";
  }
  function pickStrings(all, language) {
    const table = all && typeof all === "object" ? all : {};
    return Object.assign({}, FALLBACK_STRINGS, table.en || {}, table[language] || {});
  }
  function formatTime(epochSeconds, language) {
    const date = new Date(Number(epochSeconds) * 1e3);
    if (Number.isNaN(date.getTime())) return "";
    try {
      return new Intl.DateTimeFormat(language, { hour: "2-digit", minute: "2-digit" }).format(date);
    } catch (_) {
      return date.toISOString().slice(11, 16);
    }
  }

  // web/src/transport.js
  var REQUEST_TIMEOUT_MS = 15e3;
  function backoffDelay(attempt, options) {
    const { base = 500, max = 8e3, random = Math.random } = options || {};
    const ceiling = Math.min(max, base * 2 ** attempt);
    return Math.round(ceiling / 2 + random() * ceiling / 2);
  }
  var RequestFailure = class extends Error {
    constructor(kind, status) {
      super(`request failed: ${kind}${status ? ` (${status})` : ""}`);
      this.kind = kind;
      this.status = status || null;
    }
    /** Worth trying again as-is (the server may recover); a 4xx will fail the same way. */
    get retryable() {
      return this.kind === "timeout" || this.kind === "network" || this.kind === "server" || this.kind === "slow_down";
    }
  };
  function failureForStatus(status) {
    if (status === 413) return new RequestFailure("too_long", status);
    if (status === 429) return new RequestFailure("slow_down", status);
    if (status >= 400 && status < 500) return new RequestFailure("rejected", status);
    return new RequestFailure("server", status);
  }
  async function fetchJson(fetchFn, url, init, timeoutMs) {
    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, timeoutMs || REQUEST_TIMEOUT_MS);
    try {
      let response;
      try {
        response = await fetchFn(url, Object.assign({}, init, { signal: controller.signal }));
      } catch (_) {
        throw new RequestFailure(timedOut ? "timeout" : "network");
      }
      if (!response.ok) throw failureForStatus(response.status);
      try {
        return await response.json();
      } catch (_) {
        throw new RequestFailure(timedOut ? "timeout" : "server", response.status);
      }
    } finally {
      clearTimeout(timer);
    }
  }
  async function withRetries(task, options) {
    const { attempts = 3, sleep = (ms) => new Promise((r) => setTimeout(r, ms)), delay = backoffDelay } = options || {};
    for (let attempt = 0; ; attempt += 1) {
      try {
        return await task(attempt);
      } catch (err) {
        const retryable = err instanceof RequestFailure ? err.retryable : false;
        if (!retryable || attempt + 1 >= attempts) throw err;
        await sleep(delay(attempt));
      }
    }
  }

  // web/src/payloads.js
  var MAX_MESSAGE_CHARS = 2e3;
  function buildMessageBody({ sender, message, pageUrl, language }) {
    const metadata = { language };
    try {
      const url = new URL(pageUrl);
      if (url.protocol === "http:" || url.protocol === "https:") metadata.page_url = url.origin + url.pathname;
    } catch (_) {
    }
    return { sender, message, metadata };
  }
  function locationPayload(latitude, longitude) {
    const round = (x) => Math.round(Number(x) * 1e3) / 1e3;
    const lat = round(latitude);
    const lon = round(longitude);
    if (!Number.isFinite(lat) || !Number.isFinite(lon) || Math.abs(lat) > 90 || Math.abs(lon) > 180) {
      throw new RangeError("invalid coordinates");
    }
    return `/share_location${JSON.stringify({ latitude: lat, longitude: lon })}`;
  }

  // web/src/session.js
  var SESSION_KEY = "nextmed-chat-session";
  var OPEN_KEY = "nextmed-chat-open";
  var UUID_V4_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
  function isUuidV4(value) {
    return typeof value === "string" && UUID_V4_RE.test(value);
  }
  function createSessionStore(storage, makeId, key) {
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
      } catch (_) {
      }
    };
    return {
      /** The existing id or null; never creates one (casual visitors get no id). */
      peek() {
        const id = read();
        return isUuidV4(id) ? id : memory && isUuidV4(memory) ? memory : null;
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
      }
    };
  }
  function randomUuid(cryptoObj) {
    if (cryptoObj && typeof cryptoObj.randomUUID === "function") return cryptoObj.randomUUID();
    const b = cryptoObj.getRandomValues(new Uint8Array(16));
    b[6] = b[6] & 15 | 64;
    b[8] = b[8] & 63 | 128;
    const h = Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("");
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
  }
  function safeStorage(win, name) {
    try {
      const storage = win[name];
      const probe = "__nextmed_probe__";
      storage.setItem(probe, "1");
      storage.removeItem(probe);
      return storage;
    } catch (_) {
      return null;
    }
  }

  // web/src/history.js
  var HISTORY_TIMEOUT_MS = 6e3;
  var LIVE_POLL_MS = 2500;
  function transcriptView(items, strings) {
    const view = [];
    let openGroups = [];
    for (const item of items || []) {
      if (item.role === "user") {
        openGroups.forEach((g) => {
          g.answered = true;
        });
        openGroups = [];
        let text = item.text;
        if (!text && typeof item.payload === "string" && item.payload.startsWith("/share_location")) {
          text = strings.locationShared;
        }
        if (text) view.push({ role: "user", text, timestamp: item.timestamp });
      } else if (item.role === "bot") {
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
  function botEntry(message, timestamp) {
    const custom = message.custom && typeof message.custom === "object" ? message.custom : {};
    const text = typeof message.text === "string" ? message.text : typeof custom.text === "string" ? custom.text : "";
    const rawButtons = Array.isArray(message.buttons) ? message.buttons : Array.isArray(custom.buttons) ? custom.buttons : [];
    const buttons = rawButtons.filter((b) => b && typeof b.payload === "string").map((b) => ({ title: String(b.title || b.payload), payload: b.payload }));
    const image = typeof message.image === "string" && /^https:\/\//.test(message.image) ? message.image : null;
    if (!text && !buttons.length && !image) return null;
    const entry = { role: "bot", text, buttons, image, timestamp };
    if (message.staff === true) entry.staff = true;
    return entry;
  }
  function newEntries(view, syncedCount, local) {
    const pending = (local || []).slice();
    const fresh = [];
    for (const entry of view.slice(syncedCount)) {
      const i = pending.findIndex((l) => l.role === entry.role && (l.text || "") === (entry.text || ""));
      if (i >= 0) pending.splice(i, 1);
      else fresh.push(entry);
    }
    return fresh;
  }

  // web/src/ui/conversation.js
  var conversationMethods = {
    async loadHistory() {
      const sender = this.session.peek();
      if (!sender) return;
      this.historyPending = true;
      this.clearError();
      try {
        const body = await withRetries(() => fetchJson(
          this.win.fetch.bind(this.win),
          `${this.endpoint("history")}?sender=${encodeURIComponent(sender)}`,
          { method: "GET", headers: { Accept: "application/json" } },
          HISTORY_TIMEOUT_MS
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
        if (failure instanceof RequestFailure && failure.kind === "rejected") {
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
      this.input.value = "";
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
      if (display) this.drawLocal({ role: "user", text: display, timestamp: Date.now() / 1e3 });
      this.scrollToEnd();
      return this.deliver(payload);
    },
    async deliver(payload) {
      this.busy = true;
      this.clearError();
      this.setTyping(true);
      const sender = this.session.get();
      const body = buildMessageBody({
        sender,
        message: payload,
        pageUrl: this.win.location.href,
        language: this.language
      });
      try {
        const replies = await fetchJson(this.win.fetch.bind(this.win), this.endpoint("webhook"), {
          method: "POST",
          headers: { "Content-Type": "application/json", Accept: "application/json" },
          body: JSON.stringify(body)
        });
        this.historyLoaded = true;
        const now = Date.now() / 1e3;
        for (const reply of Array.isArray(replies) ? replies : []) {
          const entry = botEntry(reply, now);
          if (entry) this.drawLocal(Object.assign(entry, { answered: false, chosen: null }));
          if (reply && reply.custom && reply.custom.handoff) this.setLive(true);
        }
      } catch (failure) {
        const s = this.strings;
        const kind = failure instanceof RequestFailure ? failure.kind : "server";
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
        this.busy = true;
        this.setTyping(true);
        try {
          await fetchJson(this.win.fetch.bind(this.win), this.endpoint("webhook"), {
            method: "POST",
            headers: { "Content-Type": "application/json" },
            body: JSON.stringify(buildMessageBody({ sender: old, message: "/restart", pageUrl: this.win.location.href, language: this.language }))
          });
        } catch (failure) {
          this.busy = false;
          this.setTyping(false);
          const s = this.strings;
          const text = failure instanceof RequestFailure && failure.kind === "timeout" ? s.errorTimeout : s.errorNetwork;
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
          this.status.textContent = "";
          let payload;
          try {
            payload = locationPayload(pos.coords.latitude, pos.coords.longitude);
          } catch (_) {
            this.drawNotice(this.strings.locationUnavailable);
            return;
          }
          this.send(payload, this.strings.locationShared, { chosen: "/share_location" });
        },
        (err) => {
          this.status.textContent = "";
          this.drawNotice(err && err.code === 1 ? this.strings.locationDenied : this.strings.locationUnavailable);
        },
        { enableHighAccuracy: false, timeout: 1e4, maximumAge: 6e5 }
      );
    }
  };

  // web/src/ui/dom.js
  function el(doc, tag, attrs, text) {
    const node = doc.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === true) node.setAttribute(k, "");
      else if (v !== false && v != null) node.setAttribute(k, String(v));
    }
    if (text != null) node.textContent = text;
    return node;
  }

  // web/src/ui/live.js
  var liveMethods = {
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
        this.setLive(true);
        return;
      }
      let body;
      try {
        body = await fetchJson(
          this.win.fetch.bind(this.win),
          `${this.endpoint("history")}?sender=${encodeURIComponent(sender)}`,
          { method: "GET", headers: { Accept: "application/json" } },
          HISTORY_TIMEOUT_MS
        );
      } catch (_) {
        this.setLive(this.live);
        return;
      }
      if (this.session.peek() !== sender) return;
      const view = transcriptView(body.messages, this.strings);
      if (!this.busy) {
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
      this.localSinceSync.push(entry);
      return this.drawEntry(entry);
    }
  };

  // web/src/richtext.js
  var SAFE_PROTOCOLS = ["http:", "https:", "mailto:", "tel:"];
  function safeHref(raw) {
    let url;
    try {
      url = new URL(String(raw).trim());
    } catch (_) {
      return null;
    }
    return SAFE_PROTOCOLS.includes(url.protocol) ? url.href : null;
  }
  var INLINE_RE = /\[([^\]\n]+)\]\(([^)\s]+)\)|\*\*([^*\n]+?)\*\*|(https?:\/\/[^\s<>"']+)/g;
  function parseInline(line, allowBold) {
    const nodes = [];
    let last = 0;
    const pushText = (text) => {
      if (!text) return;
      const prev = nodes[nodes.length - 1];
      if (prev && prev.type === "text") prev.text += text;
      else nodes.push({ type: "text", text });
    };
    let m;
    const re = new RegExp(INLINE_RE.source, "g");
    while ((m = re.exec(line)) !== null) {
      let whole = m[0];
      let trailing = "";
      if (m[4]) {
        const cut = whole.match(/[.,;:!?)]+$/);
        if (cut) {
          trailing = cut[0];
          whole = whole.slice(0, -trailing.length);
        }
      }
      pushText(line.slice(last, m.index));
      if (m[1] !== void 0) {
        const href = safeHref(m[2]);
        if (href) nodes.push({ type: "link", href, text: m[1] });
        else pushText(m[1]);
      } else if (m[3] !== void 0) {
        if (allowBold) nodes.push({ type: "bold", children: parseInline(m[3], false) });
        else pushText(whole);
      } else {
        const href = safeHref(whole);
        if (href) nodes.push({ type: "link", href, text: whole });
        else pushText(whole);
      }
      pushText(trailing);
      last = m.index + m[0].length;
    }
    pushText(line.slice(last));
    return nodes;
  }
  function parseRichText(text) {
    const nodes = [];
    String(text == null ? "" : text).replace(/\r\n?/g, "\n").split("\n").forEach((line, i) => {
      if (i > 0) nodes.push({ type: "br" });
      nodes.push(...parseInline(line, true));
    });
    return nodes;
  }
  function renderRichText(doc, nodes, parent) {
    for (const node of nodes) {
      if (node.type === "text") {
        parent.appendChild(doc.createTextNode(node.text));
      } else if (node.type === "br") {
        parent.appendChild(doc.createElement("br"));
      } else if (node.type === "bold") {
        const strong = doc.createElement("strong");
        renderRichText(doc, node.children, strong);
        parent.appendChild(strong);
      } else if (node.type === "link") {
        const a = doc.createElement("a");
        a.href = node.href;
        a.target = "_blank";
        a.rel = "noopener noreferrer";
        a.textContent = node.text;
        parent.appendChild(a);
      }
    }
    return parent;
  }

  // web/src/ui/render.js
  var renderMethods = {
    drawEntry(entry) {
      const { doc, strings: s } = this;
      const msg = el(doc, "div", { class: `msg ${entry.role}` });
      if (entry.staff) msg.classList.add("staff");
      msg.appendChild(el(doc, "span", { class: entry.staff ? "who" : "sr-only" }, entry.role === "user" ? s.you : entry.staff ? s.staff : s.assistant));
      if (entry.text) {
        const bubble = el(doc, "div", { class: "bubble" });
        if (entry.role === "bot") renderRichText(doc, parseRichText(entry.text), bubble);
        else bubble.textContent = entry.text;
        msg.appendChild(bubble);
      }
      if (entry.image) msg.appendChild(el(doc, "img", { src: entry.image, alt: "" }));
      if (entry.buttons && entry.buttons.length) msg.appendChild(this.drawChoices(entry));
      if (entry.timestamp) {
        const when = new Date(entry.timestamp * 1e3);
        msg.appendChild(el(doc, "time", { datetime: when.toISOString() }, formatTime(entry.timestamp, this.language)));
      }
      this.log.appendChild(msg);
      return msg;
    },
    drawChoices(entry) {
      const { doc } = this;
      const group = el(doc, "div", { class: "choices", role: "group" });
      if (!entry.answered) group.classList.add("open");
      for (const button of entry.buttons) {
        const chosen = entry.chosen === button.payload;
        const node = el(doc, "button", { type: "button", "data-payload": button.payload, "aria-pressed": chosen ? "true" : null }, button.title);
        if (chosen) node.classList.add("chosen");
        node.disabled = Boolean(entry.answered);
        node.addEventListener("click", () => this.onChoice(node, button));
        group.appendChild(node);
      }
      return group;
    },
    onChoice(node, button) {
      if (this.busy || node.disabled) return;
      if (button.payload === "/share_location") {
        this.shareLocation();
        this.input.focus();
        return;
      }
      this.send(button.payload, button.title, { chosen: button.payload });
      this.input.focus();
    },
    /** Disables every unanswered button group; marks the button whose payload was sent. */
    answerOpenGroups(chosenPayload) {
      const groups = this.log.querySelectorAll(".choices.open");
      groups.forEach((group, index) => {
        group.classList.remove("open");
        for (const node of group.querySelectorAll("button")) {
          const isLastGroup = index === groups.length - 1;
          if (isLastGroup && chosenPayload && node.dataset.payload === chosenPayload) {
            node.classList.add("chosen");
            node.setAttribute("aria-pressed", "true");
          }
          node.disabled = true;
        }
      });
    },
    drawNotice(text) {
      const note = el(this.doc, "div", { class: "notice msg" }, text);
      this.log.appendChild(note);
      this.scrollToEnd();
    },
    setTyping(on) {
      this.typing.hidden = !on;
      this.sendButton.disabled = on;
      this.status.textContent = on ? this.strings.typing : "";
    },
    showError(text, retry) {
      this.errorText.textContent = text;
      this.retryButton.hidden = !retry;
      this.retryButton.onclick = retry ? () => {
        this.clearError();
        retry();
      } : null;
      this.error.hidden = false;
    },
    clearError() {
      this.error.hidden = true;
      this.errorText.textContent = "";
      this.retryButton.onclick = null;
    },
    scrollToEnd() {
      this.log.scrollTop = this.log.scrollHeight;
    }
  };

  // web/src/ui/style.js
  var STYLE = `
:host { all: initial !important; display: block !important; visibility: visible !important; }
*, *::before, *::after { box-sizing: border-box; }
.root { font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif; color: #1b1b1b;
  visibility: visible; }
.sr-only { position: absolute !important; width: 1px; height: 1px; padding: 0; margin: -1px; overflow: hidden;
  clip: rect(0 0 0 0); white-space: nowrap; border: 0; }
button, textarea { font: inherit; color: inherit; }
button { cursor: pointer; }
:focus-visible { outline: 3px solid #1749a3; outline-offset: 2px; }
.launcher { position: fixed; right: 20px; bottom: 20px; z-index: 2147483000; display: flex; align-items: center;
  gap: 8px; padding: 12px 18px; border: 0; border-radius: 999px; background: #0b5750; color: #ffffff;
  font-weight: 600; box-shadow: 0 4px 16px rgba(0,0,0,.25); }
.launcher svg { width: 22px; height: 22px; fill: currentColor; }
.panel { position: fixed; right: 20px; bottom: 84px; z-index: 2147483001; width: 380px; height: min(620px, calc(100vh - 110px));
  display: flex; flex-direction: column; background: #ffffff; border-radius: 14px; overflow: hidden;
  box-shadow: 0 10px 40px rgba(0,0,0,.3); }
.panel[hidden] { display: none; }
header { display: flex; align-items: center; gap: 8px; padding: 12px 14px; background: #0b5750; color: #ffffff; }
header .heading { flex: 1; min-width: 0; }
header h2 { margin: 0; font-size: 16px; font-weight: 700; }
header p { margin: 2px 0 0; font-size: 13px; }
header button { background: transparent; color: #ffffff; border: 1px solid rgba(255,255,255,.7); border-radius: 8px;
  padding: 6px 10px; font-size: 13px; }
header .close { font-size: 20px; line-height: 1; padding: 4px 10px; }
header :focus-visible { outline-color: #ffffff; }
.log { flex: 1; overflow-y: auto; padding: 14px; display: flex; flex-direction: column; gap: 10px; background: #ffffff; }
.msg { display: flex; flex-direction: column; max-width: 88%; }
.msg.user { align-self: flex-end; align-items: flex-end; }
.msg.bot { align-self: flex-start; align-items: flex-start; }
.bubble { padding: 9px 12px; border-radius: 14px; white-space: normal; overflow-wrap: anywhere; }
.user .bubble { background: #0b5750; color: #ffffff; border-bottom-right-radius: 4px; white-space: pre-wrap; }
.bot .bubble { background: #eef2f1; color: #1b1b1b; border-bottom-left-radius: 4px; }
.bot.staff .bubble { background: #fff6e0; color: #1b1b1b; border-left: 3px solid #0b5750; }
.who { font-size: 12px; font-weight: 600; color: #4a4a4a; margin-bottom: 3px; }
.bot .bubble a { color: #0a4a8a; }
.bot img { max-width: 100%; border-radius: 10px; }
time { font-size: 12px; color: #555555; margin-top: 3px; }
.choices { display: flex; flex-wrap: wrap; gap: 6px; margin-top: 8px; }
.choices button { background: #ffffff; color: #0b5750; border: 2px solid #0b5750; border-radius: 999px; padding: 6px 12px; }
.choices button:hover:not(:disabled) { background: #e3efed; }
.choices button:disabled { cursor: default; background: #f2f2f2; color: #4a4a4a; border-color: #c4c4c4; }
.choices button.chosen, .choices button.chosen:disabled { background: #0b5750; color: #ffffff; border-color: #0b5750; }
.choices button.chosen::before { content: "✓ " / ""; } /* decoration only: not part of the name */
.notice { align-self: center; max-width: 92%; background: #fff6e0; color: #3d2e00; border-radius: 10px; padding: 8px 12px;
  font-size: 14px; }
.typing { padding: 0 14px 8px; font-size: 13px; color: #555555; }
.typing[hidden], .error[hidden] { display: none; }
.typing .dots span { display: inline-block; width: 7px; height: 7px; margin-right: 3px; border-radius: 50%;
  background: #555555; animation: nm-blink 1.2s infinite; }
.typing .dots span:nth-child(2) { animation-delay: .2s; }
.typing .dots span:nth-child(3) { animation-delay: .4s; }
@keyframes nm-blink { 0%, 80%, 100% { opacity: .25; } 40% { opacity: 1; } }
@media (prefers-reduced-motion: reduce) { .typing .dots span { animation: none; } }
.error { margin: 0 14px 8px; padding: 10px 12px; border-radius: 10px; background: #fdecea; color: #7a1a10;
  display: flex; align-items: center; gap: 10px; font-size: 14px; }
.error p { margin: 0; flex: 1; }
.error button { background: #7a1a10; color: #ffffff; border: 0; border-radius: 8px; padding: 6px 12px; font-weight: 600; }
form { display: flex; flex-wrap: wrap; gap: 8px; padding: 10px 12px 12px; border-top: 1px solid #d6dcdb; background: #ffffff; }
.locate { background: #ffffff; color: #0b5750; border: 1px solid #0b5750; border-radius: 8px; padding: 5px 10px; font-size: 13px; }
.row { display: flex; gap: 8px; width: 100%; }
textarea { flex: 1; min-height: 42px; max-height: 120px; resize: none; padding: 10px; border: 1px solid #6b6b6b;
  border-radius: 10px; background: #ffffff; color: #1b1b1b; }
.send { background: #0b5750; color: #ffffff; border: 0; border-radius: 10px; padding: 0 16px; font-weight: 600; }
.send:disabled { background: #5f6f6d; }
@media (max-width: 480px) {
  .panel { top: 0; left: 0; right: 0; bottom: 0; width: 100%; height: 100%; border-radius: 0; }
  .root.open .launcher { display: none; }
}
`;
  var ICON = '<svg viewBox="0 0 24 24" aria-hidden="true" focusable="false"><path d="M4 4h16a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2H8l-4 4V6a2 2 0 0 1 2-2z"/></svg>';

  // web/src/ui/chat-widget.js
  var ChatWidget = class {
    constructor({ win, script, strings, language, server, initPayload }) {
      this.win = win;
      this.doc = win.document;
      this.strings = strings;
      this.language = language;
      this.server = server.replace(/\/+$/, "");
      this.initPayload = initPayload;
      this.session = createSessionStore(safeStorage(win, "localStorage"), () => randomUuid(win.crypto));
      this.openState = safeStorage(win, "sessionStorage");
      this.busy = false;
      this.historyLoaded = false;
      this.script = script;
      this.live = false;
      this.pollTimer = null;
      this.syncedCount = null;
      this.localSinceSync = [];
    }
    mount() {
      const { doc, strings: s } = this;
      this.host = el(doc, "nextmed-chat-widget");
      this.host.setAttribute("style", "all: initial");
      const shadow = this.host.attachShadow({ mode: "open" });
      shadow.appendChild(el(doc, "style", {}, STYLE));
      this.root = el(doc, "div", { class: "root", lang: this.language });
      shadow.appendChild(this.root);
      this.launcher = el(doc, "button", {
        type: "button",
        class: "launcher",
        "aria-expanded": "false",
        "aria-controls": "nm-panel"
      });
      this.launcher.innerHTML = ICON;
      this.launcher.append(el(doc, "span", {}, s.launcher), el(doc, "span", { class: "sr-only" }, ` (${s.title})`));
      this.panel = el(doc, "section", { class: "panel", id: "nm-panel", role: "dialog", "aria-labelledby": "nm-title", hidden: true });
      const header = el(doc, "header");
      const heading = el(doc, "div", { class: "heading" });
      heading.append(el(doc, "h2", { id: "nm-title" }, s.title), el(doc, "p", {}, s.subtitle));
      this.restartButton = el(doc, "button", { type: "button", class: "restart" }, s.startOver);
      this.closeButton = el(doc, "button", { type: "button", class: "close", "aria-label": s.closeLabel }, "×");
      header.append(heading, this.restartButton, this.closeButton);
      this.log = el(doc, "div", { class: "log", role: "log", "aria-label": s.logLabel, tabindex: "0" });
      this.typing = el(doc, "div", { class: "typing", hidden: true });
      const dots = el(doc, "span", { class: "dots", "aria-hidden": "true" });
      dots.append(el(doc, "span"), el(doc, "span"), el(doc, "span"));
      this.typing.append(dots, el(doc, "span", {}, s.typing));
      this.status = el(doc, "div", { class: "sr-only", role: "status" });
      this.error = el(doc, "div", { class: "error", role: "alert", hidden: true });
      this.errorText = el(doc, "p");
      this.retryButton = el(doc, "button", { type: "button", class: "retry" }, s.retry);
      this.error.append(this.errorText, this.retryButton);
      this.form = el(doc, "form", { class: "composer" });
      this.locateButton = el(doc, "button", { type: "button", class: "locate" }, s.shareLocation);
      const row = el(doc, "div", { class: "row" });
      this.input = el(doc, "textarea", {
        id: "nm-input",
        rows: "1",
        maxlength: String(MAX_MESSAGE_CHARS),
        placeholder: s.inputPlaceholder,
        "aria-label": s.inputLabel
      });
      this.sendButton = el(doc, "button", { type: "submit", class: "send" }, s.send);
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
      this.launcher.addEventListener("click", () => this.isOpen() ? this.close() : this.open());
      this.closeButton.addEventListener("click", () => this.close());
      this.restartButton.addEventListener("click", () => this.startOver());
      this.locateButton.addEventListener("click", () => this.shareLocation());
      this.panel.addEventListener("keydown", (e) => {
        if (e.key === "Escape") {
          e.preventDefault();
          this.close();
        }
      });
      this.form.addEventListener("submit", (e) => {
        e.preventDefault();
        this.submitTyped();
      });
      this.input.addEventListener("keydown", (e) => {
        if (e.key === "Enter" && !e.shiftKey && !e.isComposing) {
          e.preventDefault();
          this.submitTyped();
        }
      });
    }
    isOpen() {
      return !this.panel.hidden;
    }
    readOpen() {
      try {
        return this.openState && this.openState.getItem(OPEN_KEY) === "1";
      } catch (_) {
        return false;
      }
    }
    writeOpen(open) {
      try {
        if (this.openState) this.openState.setItem(OPEN_KEY, open ? "1" : "0");
      } catch (_) {
      }
    }
    open(options) {
      const { focus = true } = options || {};
      this.panel.hidden = false;
      this.root.classList.add("open");
      this.launcher.setAttribute("aria-expanded", "true");
      this.writeOpen(true);
      if (focus) this.input.focus();
      this.scrollToEnd();
      this.maybeStartConversation();
    }
    close() {
      this.panel.hidden = true;
      this.root.classList.remove("open");
      this.launcher.setAttribute("aria-expanded", "false");
      this.writeOpen(false);
      this.launcher.focus();
    }
    /** A new visitor (or one who started over) gets the assistant's greeting on opening. */
    maybeStartConversation() {
      if (!this.initPayload || this.busy || this.historyPending) return;
      if (this.session.peek() && !this.historyLoaded) return;
      if (this.log.querySelector(".msg")) return;
      this.send(this.initPayload, null);
    }
    endpoint(path) {
      return `${this.server}/webhooks/webchat/${path}`;
    }
  };
  Object.assign(ChatWidget.prototype, conversationMethods, liveMethods, renderMethods);

  // web/src/boot.js
  async function loadStrings(win, url) {
    try {
      return await fetchJson(win.fetch.bind(win), url, { method: "GET" }, 5e3);
    } catch (_) {
      return null;
    }
  }
  async function boot(script) {
    const win = script.ownerDocument.defaultView;
    const doc = win.document;
    if (doc.querySelector("nextmed-chat-widget")) return null;
    const scriptUrl = new URL(script.src, doc.baseURI);
    const language = detectLanguage(script.dataset.lang, doc.documentElement.lang);
    const server = script.dataset.server || scriptUrl.origin;
    const initPayload = script.dataset.initPayload === void 0 ? "/greet" : script.dataset.initPayload;
    const table = await loadStrings(win, new URL("widget-strings.json", scriptUrl).href);
    const strings = pickStrings(table, language);
    const start = () => {
      const widget = new ChatWidget({ win, script, strings, language, server, initPayload });
      widget.mount();
      win.__nextmedChat = widget;
      return widget;
    };
    if (doc.readyState === "loading") {
      return new Promise((resolve) => doc.addEventListener("DOMContentLoaded", () => resolve(start()), { once: true }));
    }
    return start();
  }

  // web/src/main.js
  if (typeof document !== "undefined" && document.currentScript) boot(document.currentScript);
})();
