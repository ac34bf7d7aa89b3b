"""Rate limits on the public webhooks, per sender and per client IP, shared by every Rasa process.

Limits come from the environment (defaults in config/defaults.env):
  RATE_LIMIT_PER_SENDER        messages per window from one sender (web UUID, WhatsApp number): 30
  RATE_LIMIT_PER_IP            requests per window from one client IP (widget, REST): 300
  RATE_LIMIT_PER_PROVIDER_IP   requests per window from one IP on the WhatsApp/Twilio webhooks,
                               which all come from a few Meta/Twilio servers: 6000
  RATE_LIMIT_WINDOW_SECONDS    the fixed window: 60
  RATE_LIMIT_TRUSTED_PROXIES   comma-separated IPs/CIDRs of our own proxies (nginx); only from
                               these is X-Forwarded-For believed. Empty: the peer address is used.
Counters live in Redis when LOCK_STORE_TYPE=redis (REDIS_HOST, REDIS_PORT, REDIS_DB, key prefix
nextmed:rl:), else in the database (storage/rate_limits.py; SQLite: a file of its own beside it,
storage.db.counters_engine), so a sender spreading requests over
several processes behind the load balancer is still counted once. If the counter store fails the
request is let through (logged): availability first, as a limit is a safeguard, not a gate.
An excess gets 429 with {"error": "rate_limited", "retry_after": seconds} and Retry-After.
"""

import asyncio
import ipaddress
import logging
import os
import time
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sanic import response
from sanic.request import Request
from sanic.response import HTTPResponse

logger = logging.getLogger(__name__)

ENV_DEFAULTS = {
    "RATE_LIMIT_PER_SENDER": 30,
    "RATE_LIMIT_PER_IP": 300,
    "RATE_LIMIT_PER_PROVIDER_IP": 6000,
    "RATE_LIMIT_WINDOW_SECONDS": 60,
}
_CLEANUP_EVERY = 500  # database counters: old windows are deleted every so many hits


def _int(env: Mapping[str, str], name: str) -> int:
    try:
        return max(1, int(env.get(name) or ENV_DEFAULTS[name]))
    except ValueError:
        return ENV_DEFAULTS[name]


@dataclass(frozen=True)
class Limits:
    per_sender: int
    per_ip: int
    per_provider_ip: int
    window: int
    trusted_proxies: tuple["ipaddress._BaseNetwork", ...] = ()

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> "Limits":
        env = os.environ if env is None else env
        proxies = []
        for item in (env.get("RATE_LIMIT_TRUSTED_PROXIES") or "").split(","):
            if item.strip():
                proxies.append(ipaddress.ip_network(item.strip(), strict=False))
        return cls(
            _int(env, "RATE_LIMIT_PER_SENDER"),
            _int(env, "RATE_LIMIT_PER_IP"),
            _int(env, "RATE_LIMIT_PER_PROVIDER_IP"),
            _int(env, "RATE_LIMIT_WINDOW_SECONDS"),
            tuple(proxies),
        )


def _trusted(address: str, proxies) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in network for network in proxies)


def client_ip(peer: str, forwarded_for: str | None, proxies) -> str:
    """The client's address: the peer, unless the peer is one of our proxies; then the right-most
    X-Forwarded-For entry that is not one of our proxies (entries further left are client-made)."""
    if not proxies or not _trusted(peer, proxies) or not forwarded_for:
        return peer
    for hop in reversed([part.strip() for part in forwarded_for.split(",") if part.strip()]):
        if not _trusted(hop, proxies):
            return hop
    return peer


def request_ip(request: Request, limits: Limits) -> str:
    peer = getattr(request.conn_info, "client_ip", None) or request.ip or ""
    return client_ip(peer, request.headers.get("X-Forwarded-For"), limits.trusted_proxies)


class DatabaseCounter:
    def __init__(self) -> None:
        self._ready: set = set()  # engines whose table is known to exist
        self._hits = 0

    def _hit(self, keys: list[str], window: int, seconds: int) -> list[int]:
        from storage import rate_limits
        from storage.db import counters_engine

        engine = counters_engine()
        if id(engine) not in self._ready:
            rate_limits.create_tables(engine)
            self._ready.add(id(engine))
        self._hits += 1
        if self._hits % _CLEANUP_EVERY == 0:
            rate_limits.forget_before(window - seconds, engine)
        return rate_limits.hit_many(keys, window, engine)

    async def hit(self, keys: list[str], window: int, seconds: int) -> list[int]:
        from storage.db import counters_engine

        if counters_engine().dialect.name == "sqlite":
            # A local file: ~1 ms, done in place as Rasa's SQLite tracker store does. A worker
            # thread cost more than the work (hand-offs and the GIL: 52 -> 77 msg/s without).
            return self._hit(keys, window, seconds)
        return await asyncio.to_thread(self._hit, keys, window, seconds)


class RedisCounter:
    PREFIX = "nextmed:rl:"

    def __init__(self, host: str, port: int, db: int, password: str | None) -> None:
        self._settings = {"host": host, "port": port, "db": db, "password": password or None}
        self._client: Any = None
        self._loop: asyncio.AbstractEventLoop | None = None

    def _redis(self):
        import redis.asyncio as aioredis

        loop = asyncio.get_running_loop()
        if self._client is None or self._loop is not loop:
            self._client, self._loop = aioredis.Redis(socket_timeout=2, **self._settings), loop
        return self._client

    async def hit(self, keys: list[str], window: int, seconds: int) -> list[int]:
        from storage.rate_limits import digest

        pipe = self._redis().pipeline()
        for key in keys:
            name = f"{self.PREFIX}{digest(key)}:{window}"
            pipe.incr(name)
            pipe.expire(name, seconds * 2)
        results = await pipe.execute()
        return [int(count) for count in results[::2]]


def counter_from_env(env: Mapping[str, str] | None = None):
    env = os.environ if env is None else env
    if (env.get("LOCK_STORE_TYPE") or "").strip() == "redis" and env.get("REDIS_HOST"):
        return RedisCounter(
            env["REDIS_HOST"],
            int(env.get("REDIS_PORT") or 6379),
            int(env.get("REDIS_DB") or 0),
            env.get("REDIS_PASSWORD"),
        )
    return DatabaseCounter()


class RateLimiter:
    def __init__(self, limits: Limits, counter) -> None:
        self.limits = limits
        self.counter = counter

    async def over(self, key: str, limit: int, now: float | None = None) -> int | None:
        """None while `key` is within `limit` this window, else the seconds until the next one."""
        return await self.over_any([(key, limit)], now)

    async def over_any(self, limits: list[tuple[str, int]], now: float | None = None) -> int | None:
        """over() for several (key, limit) pairs counted in one round trip to the counter store:
        None while every key is within its limit, else the seconds until the next window."""
        now = time.time() if now is None else now
        seconds = self.limits.window
        window = int(now // seconds) * seconds
        try:
            counts = await self.counter.hit([key for key, _ in limits], window, seconds)
        except Exception:
            logger.exception("Rate-limit counters unavailable; request allowed")
            return None
        if all(count <= limit for count, (_, limit) in zip(counts, limits, strict=True)):
            return None
        return max(1, int(window + seconds - now))

    def sender_key(self, channel: str, sender: str) -> tuple[str, int]:
        return f"sender:{channel}:{sender}", self.limits.per_sender

    async def sender_over(self, channel: str, sender: str) -> int | None:
        return await self.over_any([self.sender_key(channel, sender)])


_limiter: RateLimiter | None = None


def limiter() -> RateLimiter:
    """This process's limiter (built on first use; the counts themselves are shared)."""
    global _limiter
    if _limiter is None:
        _limiter = RateLimiter(Limits.from_env(), counter_from_env())
    return _limiter


def reset_limiter() -> None:
    """Forget this process's limiter so the next use reads the environment again (tests)."""
    global _limiter
    _limiter = None


def too_many(retry_after: int) -> HTTPResponse:
    return response.json(
        {"error": "rate_limited", "detail": "too many requests; please slow down", "retry_after": retry_after},
        status=429,
        headers={"Retry-After": str(retry_after)},
    )
