// Timeouts, error classification and backoff: the visitor must always hear about failures.
import test from 'node:test';
import assert from 'node:assert/strict';
import { backoffDelay, fetchJson, withRetries, RequestFailure } from '../src/transport.js';

const jsonResponse = (status, body) => ({
  ok: status >= 200 && status < 300,
  status,
  json: async () => (typeof body === 'string' ? JSON.parse(body) : body),
});

test('backoff doubles up to the cap and jitters within half of it', () => {
  assert.equal(backoffDelay(0, { random: () => 0 }), 250);
  assert.equal(backoffDelay(0, { random: () => 1 }), 500);
  assert.equal(backoffDelay(3, { random: () => 1 }), 4000);
  assert.equal(backoffDelay(10, { random: () => 1 }), 8000);
  assert.equal(backoffDelay(10, { random: () => 0 }), 4000);
});

test('fetchJson returns the parsed body on success', async () => {
  const body = await fetchJson(async () => jsonResponse(200, [{ text: 'hi' }]), 'u', {}, 1000);
  assert.deepEqual(body, [{ text: 'hi' }]);
});

test('fetchJson classifies failures', async () => {
  const cases = [
    [async () => jsonResponse(500, {}), 'server', true],
    [async () => jsonResponse(502, {}), 'server', true],
    [async () => jsonResponse(413, {}), 'too_long', false],
    [async () => jsonResponse(429, { error: 'rate_limited' }), 'slow_down', true],
    [async () => jsonResponse(400, {}), 'rejected', false],
    [async () => { throw new TypeError('Failed to fetch'); }, 'network', true],
    [async () => jsonResponse(200, 'not json'), 'server', true],
  ];
  for (const [fetchFn, kind, retryable] of cases) {
    await assert.rejects(fetchJson(fetchFn, 'u', {}, 1000), (err) => {
      assert.ok(err instanceof RequestFailure);
      assert.equal(err.kind, kind);
      assert.equal(err.retryable, retryable);
      return true;
    });
  }
});

test('fetchJson gives up after the timeout and aborts the request', async () => {
  let aborted = false;
  const hanging = (url, init) => new Promise((_, reject) => {
    init.signal.addEventListener('abort', () => {
      aborted = true;
      reject(new DOMException('aborted', 'AbortError'));
    });
  });
  const started = Date.now();
  await assert.rejects(fetchJson(hanging, 'u', {}, 50), (err) => err.kind === 'timeout');
  assert.ok(aborted);
  assert.ok(Date.now() - started < 1000);
});

test('withRetries retries retryable failures with backoff, then succeeds', async () => {
  const slept = [];
  let calls = 0;
  const result = await withRetries(async () => {
    calls += 1;
    if (calls < 3) throw new RequestFailure('network');
    return 'ok';
  }, { attempts: 3, sleep: async (ms) => slept.push(ms), delay: (n) => 100 * (n + 1) });
  assert.equal(result, 'ok');
  assert.equal(calls, 3);
  assert.deepEqual(slept, [100, 200]);
});

test('withRetries stops at once on a rejected request and after the last attempt', async () => {
  let calls = 0;
  await assert.rejects(withRetries(async () => { calls += 1; throw new RequestFailure('rejected', 400); },
    { attempts: 5, sleep: async () => {} }), (err) => err.kind === 'rejected');
  assert.equal(calls, 1);
  calls = 0;
  await assert.rejects(withRetries(async () => { calls += 1; throw new RequestFailure('server', 503); },
    { attempts: 3, sleep: async () => {} }), (err) => err.kind === 'server');
  assert.equal(calls, 3);
});
