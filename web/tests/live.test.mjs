// While staff may write, the widget fetches the history again and draws only what is new.
import test from 'node:test';
import assert from 'node:assert/strict';
import { newEntries, botEntry, LIVE_POLL_MS } from '../src/history.js';

const bot = (text) => ({ role: 'bot', text });
const user = (text) => ({ role: 'user', text });

test('entries after the last fetch are new, except what the visitor just drew themselves', () => {
  const view = [bot('Hi'), user('human please'), bot('I asked the team'), user('hello?'), bot('Sara here')];
  assert.deepEqual(newEntries(view, 3, [user('hello?')]), [bot('Sara here')]);
  // staff wrote before the visitor's own message reached the server: still drawn once each
  const other = [bot('Hi'), bot('Sara here'), user('hello?')];
  assert.deepEqual(newEntries(other, 1, [user('hello?')]), [bot('Sara here')]);
  assert.deepEqual(newEntries(view, 5, []), []);
});

test('a message typed twice is drawn again when only one copy was drawn locally', () => {
  const view = [user('ok'), user('ok')];
  assert.deepEqual(newEntries(view, 0, [user('ok')]), [user('ok')]);
});

test('staff messages are marked; replies arrive within 5 seconds', () => {
  assert.equal(botEntry({ text: 'Sara here', staff: true }).staff, true);
  assert.equal(botEntry({ text: 'Hi' }).staff, undefined);
  assert.ok(LIVE_POLL_MS <= 5000 - 2000, 'poll interval leaves time for the request itself');
});

test('a new visitor\'s first look at the history draws a staff reply that came before it', () => {
  // Never synced: everything drawn on screen so far is the baseline (syncedCount null -> 0).
  const local = [
    { role: 'bot', text: 'Hi, I am the assistant' },
    { role: 'user', text: 'I want to talk to a real person' },
    { role: 'bot', text: 'I have asked the team to join' },
  ];
  const view = [...local, { role: 'bot', text: 'A member of the team has joined' }, { role: 'bot', text: 'Hello, this is Sara', staff: true }];
  assert.deepEqual(newEntries(view, 0, local).map((e) => e.text), ['A member of the team has joined', 'Hello, this is Sara']);
});
