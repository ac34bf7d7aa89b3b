// The visitor's conversation id: random, stable across reloads, resettable.
import test from 'node:test';
import assert from 'node:assert/strict';
import { webcrypto } from 'node:crypto';
import { createSessionStore, isUuidV4, randomUuid } from '../src/session.js';

function memoryStorage(initial) {
  const data = new Map(Object.entries(initial || {}));
  return {
    getItem: (k) => (data.has(k) ? data.get(k) : null),
    setItem: (k, v) => data.set(k, String(v)),
    removeItem: (k) => data.delete(k),
    data,
  };
}

const brokenStorage = {
  getItem() { throw new Error('SecurityError'); },
  setItem() { throw new Error('QuotaExceededError'); },
  removeItem() { throw new Error('SecurityError'); },
};

const makeId = () => randomUuid(webcrypto);

test('no id is created until one is needed', () => {
  const storage = memoryStorage();
  const store = createSessionStore(storage, makeId);
  assert.equal(store.peek(), null);
  assert.equal(storage.data.size, 0);
});

test('the id is a random UUID v4 and survives a reload (a new store on the same storage)', () => {
  const storage = memoryStorage();
  const first = createSessionStore(storage, makeId).get();
  assert.ok(isUuidV4(first), first);
  const afterReload = createSessionStore(storage, makeId);
  assert.equal(afterReload.peek(), first);
  assert.equal(afterReload.get(), first);
});

test('a tampered or foreign stored value is replaced by a fresh UUID', () => {
  const storage = memoryStorage({ 'nextmed-chat-session': 'alice' });
  const store = createSessionStore(storage, makeId);
  assert.equal(store.peek(), null);
  const id = store.get();
  assert.ok(isUuidV4(id));
  assert.equal(storage.getItem('nextmed-chat-session'), id);
});

test('clear() starts a new conversation on the next get()', () => {
  const storage = memoryStorage();
  const store = createSessionStore(storage, makeId);
  const before = store.get();
  store.clear();
  assert.equal(store.peek(), null);
  const after = store.get();
  assert.notEqual(after, before);
});

test('storage that throws (privacy mode) still gives a stable in-page id', () => {
  const store = createSessionStore(brokenStorage, makeId);
  const id = store.get();
  assert.ok(isUuidV4(id));
  assert.equal(store.get(), id);
  const noStorage = createSessionStore(null, makeId);
  assert.equal(noStorage.get(), noStorage.get());
});

test('randomUuid falls back to getRandomValues when randomUUID is missing (plain http)', () => {
  const ids = new Set();
  for (let i = 0; i < 200; i += 1) {
    const id = randomUuid({ getRandomValues: (a) => webcrypto.getRandomValues(a) });
    assert.ok(isUuidV4(id), id);
    ids.add(id);
  }
  assert.equal(ids.size, 200);
  assert.equal(isUuidV4('6ba7b810-9dad-11d1-80b4-00c04fd430c8'), false); // v1 is time based
});
