/*
 * HTTP to the webchat channel: fetch with a hard timeout, every failure classified, and retries.
 * Each failure becomes a RequestFailure whose kind picks the visitor's error text: the visitor
 * must always hear about a failure, never wait on a silent spinner. A 429 (the server's rate
 * limit) is "slow_down": the widget asks the visitor to slow down, and the retry waits with
 * exponential backoff. Only idempotent requests (history) are retried automatically.
 */

export const REQUEST_TIMEOUT_MS = 15000;

/** Exponential backoff with jitter: attempt 0 -> ~base, doubling up to max. */
export function backoffDelay(attempt, options) {
  const { base = 500, max = 8000, random = Math.random } = options || {};
  const ceiling = Math.min(max, base * 2 ** attempt);
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

export class RequestFailure extends Error {
  constructor(kind, status) {
    super(`request failed: ${kind}${status ? ` (${status})` : ''}`);
    this.kind = kind; // timeout | network | server | too_long | slow_down | rejected
    this.status = status || null;
  }
  /** Worth trying again as-is (the server may recover); a 4xx will fail the same way. */
  get retryable() {
    return this.kind === 'timeout' || this.kind === 'network' || this.kind === 'server' || this.kind === 'slow_down';
  }
}

function failureForStatus(status) {
  if (status === 413) return new RequestFailure('too_long', status);
  if (status === 429) return new RequestFailure('slow_down', status); // the server's rate limit
  if (status >= 400 && status < 500) return new RequestFailure('rejected', status);
  return new RequestFailure('server', status);
}

/** fetch + JSON with a hard timeout; every failure becomes a RequestFailure. */
export async function fetchJson(fetchFn, url, init, timeoutMs) {
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
      throw new RequestFailure(timedOut ? 'timeout' : 'network');
    }
    if (!response.ok) throw failureForStatus(response.status);
    try {
      return await response.json();
    } catch (_) {
      throw new RequestFailure(timedOut ? 'timeout' : 'server', response.status);
    }
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Runs `task` until it succeeds, a non-retryable failure happens or `attempts` run out.
 * Only for idempotent requests (history): re-posting a message could answer it twice.
 */
export async function withRetries(task, options) {
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
