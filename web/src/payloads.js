/*
 * What the widget sends to the webchat channel (channels/webchat.py): the POST body with its
 * metadata, and the location payload of the architecture contract. Both strip personal data
 * the server does not need (query strings of the page URL, exact coordinates).
 */

// The channel refuses longer messages (HTTP 413); the widget says so before sending.
export const MAX_MESSAGE_CHARS = 2000;

/**
 * The POST body for the webchat channel. page_url keeps only origin and path: query strings
 * and fragments can carry personal data (e-mail links, form fields) that must not end up in
 * the conversation log.
 */
export function buildMessageBody({ sender, message, pageUrl, language }) {
  const metadata = { language };
  try {
    const url = new URL(pageUrl);
    if (url.protocol === 'http:' || url.protocol === 'https:') metadata.page_url = url.origin + url.pathname;
  } catch (_) { /* no usable page URL */ }
  return { sender, message, metadata };
}

/**
 * The location payload of the architecture contract. Rounded to 3 decimals (about 100 m):
 * plenty to find the nearest branch, and the visitor's exact position is never stored.
 */
export function locationPayload(latitude, longitude) {
  const round = (x) => Math.round(Number(x) * 1000) / 1000;
  const lat = round(latitude);
  const lon = round(longitude);
  if (!Number.isFinite(lat) || !Number.isFinite(lon) || Math.abs(lat) > 90 || Math.abs(lon) > 180) {
    throw new RangeError('invalid coordinates');
  }
  return `/share_location${JSON.stringify({ latitude: lat, longitude: lon })}`;
}
