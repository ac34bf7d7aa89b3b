/*
 * UI strings and language: which language the widget speaks and the texts it shows in it.
 * The texts live in web/widget-strings.json (loaded at start-up, see boot.js); FALLBACK_STRINGS is
 * a copy of its "en" block so the widget still works when that file cannot load. The copy is kept
 * identical to the file by web/tests/strings.test.mjs.
 */

export const FALLBACK_STRINGS = {
  title: 'NextMed skin assistant',
  subtitle: 'General education, not a diagnosis',
  launcher: 'Chat with us',
  closeLabel: 'Close chat',
  startOver: 'Start over',
  logLabel: 'Conversation',
  inputLabel: 'Your message',
  inputPlaceholder: 'Type your message…',
  send: 'Send',
  shareLocation: 'Share my location',
  locationShared: '📍 Shared my location',
  locating: 'Finding your location…',
  locationDenied: "No problem, I couldn't use your location because permission was not given. You can type your area or postcode instead.",
  locationUnavailable: "Sorry, your location isn't available right now. You can type your area or postcode instead.",
  you: 'You said:',
  assistant: 'Assistant said:',
  staff: 'Clinic staff said:',
  typing: 'The assistant is typing…',
  errorNetwork: "Sorry, I can't reach the assistant right now. Please check your connection and try again.",
  errorTimeout: 'Sorry, the assistant is taking too long to reply. Please try again.',
  errorServer: 'Sorry, something went wrong on our side. Please try again.',
  errorTooLong: 'That message is too long. Please keep it under 2000 characters.',
  errorSlowDown: "You're sending messages very quickly. Please slow down and try again in a minute.",
  errorRejected: "Sorry, that message couldn't be sent. Please start over.",
  errorHistory: "Sorry, I couldn't load your earlier messages.",
  retry: 'Retry',
};

/** Primary language subtag from data-lang or <html lang>; "en" when neither is usable. */
export function detectLanguage(dataLang, htmlLang) {
  for (const candidate of [dataLang, htmlLang]) {
    const m = /^([a-z]{2,3})(?:[-_]|$)/i.exec(String(candidate || '').trim());
    if (m) return m[1].toLowerCase();
  }
  return 'en';
}

/** The texts for `language`: that language's keys, then English from the file, then the built-in copy. */
export function pickStrings(all, language) {
  const table = all && typeof all === 'object' ? all : {};
  return Object.assign({}, FALLBACK_STRINGS, table.en || {}, table[language] || {});
}

/** "14:05" in the visitor's language; the ISO hour and minute if Intl refuses the language. */
export function formatTime(epochSeconds, language) {
  const date = new Date(Number(epochSeconds) * 1000);
  if (Number.isNaN(date.getTime())) return '';
  try {
    return new Intl.DateTimeFormat(language, { hour: '2-digit', minute: '2-digit' }).format(date);
  } catch (_) {
    return date.toISOString().slice(11, 16);
  }
}
