// What the widget sends: the architecture contract's payloads plus page/language metadata.
import test from 'node:test';
import assert from 'node:assert/strict';
import { transcriptView, botEntry } from '../src/history.js';
import { buildMessageBody, locationPayload } from '../src/payloads.js';
import { detectLanguage, pickStrings, FALLBACK_STRINGS } from '../src/strings.js';

const SENDER = '0b7d3c56-7a3f-4c1e-9d2a-1f2e3d4c5b6a';

test('message body carries sender, text and {page_url, language} metadata', () => {
  assert.deepEqual(buildMessageBody({ sender: SENDER, message: 'hello', pageUrl: 'https://nextmed.example/gut', language: 'en' }), {
    sender: SENDER,
    message: 'hello',
    metadata: { language: 'en', page_url: 'https://nextmed.example/gut' },
  });
  // query strings and fragments may hold personal data: only origin and path are sent
  assert.equal(buildMessageBody({ sender: SENDER, message: 'x', pageUrl: 'https://nextmed.example/a?email=me@x.my#top', language: 'en' })
    .metadata.page_url, 'https://nextmed.example/a');
  // a file:// or about: page has no useful URL to report
  assert.deepEqual(buildMessageBody({ sender: SENDER, message: 'x', pageUrl: 'about:blank', language: 'ms' }).metadata, { language: 'ms' });
});

test('location payload matches the contract and is rounded to about 100 m', () => {
  assert.equal(locationPayload(3.0738123, 101.5183456), '/share_location{"latitude":3.074,"longitude":101.518}');
  assert.equal(locationPayload(-0.0001, 0), '/share_location{"latitude":0,"longitude":0}');
  assert.throws(() => locationPayload(NaN, 101), RangeError);
  assert.throws(() => locationPayload(91, 101), RangeError);
});

test('language comes from data-lang, then <html lang>, then English', () => {
  assert.equal(detectLanguage('ms', 'en-GB'), 'ms');
  assert.equal(detectLanguage(undefined, 'en-GB'), 'en');
  assert.equal(detectLanguage('', 'ms_MY'), 'ms');
  assert.equal(detectLanguage(undefined, ''), 'en');
  assert.equal(detectLanguage('<script>', null), 'en');
});

test('strings fall back to English per key for a partly translated language', () => {
  const strings = pickStrings({ en: { retry: 'Retry' }, ms: { retry: 'Cuba lagi' } }, 'ms');
  assert.equal(strings.retry, 'Cuba lagi');
  assert.equal(strings.send, FALLBACK_STRINGS.send);
  assert.equal(pickStrings(null, 'zz').retry, FALLBACK_STRINGS.retry);
});

test('history view hides bare payloads, labels locations and marks answered groups', () => {
  const strings = pickStrings(null, 'en');
  const view = transcriptView([
    { role: 'user', text: null, payload: '/greet', timestamp: 1 },
    { role: 'bot', text: 'Agree?', buttons: [{ title: 'Yes', payload: '/consent_agree' }], chosen: '/consent_agree', timestamp: 2 },
    { role: 'user', text: 'Yes', payload: '/consent_agree', timestamp: 3 },
    { role: 'bot', text: 'Where are you?', buttons: [{ title: 'Share', payload: '/share_location' }], timestamp: 4 },
    { role: 'user', text: null, payload: '/share_location{"latitude":3.1,"longitude":101.6}', timestamp: 5 },
    { role: 'bot', text: 'Pick', buttons: [{ title: 'A', payload: '/a' }], timestamp: 6 },
  ], strings);
  assert.deepEqual(view.map((v) => [v.role, v.text]), [
    ['bot', 'Agree?'], ['user', 'Yes'], ['bot', 'Where are you?'], ['user', strings.locationShared], ['bot', 'Pick'],
  ]);
  assert.equal(view[0].answered, true);
  assert.equal(view[0].chosen, '/consent_agree');
  assert.equal(view[2].answered, true);
  assert.equal(view[4].answered, false); // still waiting for an answer: buttons stay usable
});

test('bot entries accept Rasa REST replies and custom {text, buttons}; empty ones are skipped', () => {
  assert.deepEqual(botEntry({ recipient_id: SENDER, text: 'Hi', buttons: [{ title: 'Go', payload: '/go' }] }, 7),
    { role: 'bot', text: 'Hi', buttons: [{ title: 'Go', payload: '/go' }], image: null, timestamp: 7 });
  assert.equal(botEntry({ custom: { text: 'From custom' } }, 1).text, 'From custom');
  assert.equal(botEntry({ custom: { some: 'data' } }, 1), null);
  assert.equal(botEntry({ image: 'javascript:alert(1)' }, 1), null);
});
