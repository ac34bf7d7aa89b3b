"""The webhook guard's checks and the shared rate-limit counters, without Rasa (issue 12, items 5
and 6). The live tests (test_rate_limits_live.py, test_fuzz_live.py) run them in the server."""

import asyncio
import ipaddress

import pytest

from channels.rate_limit import DatabaseCounter, Limits, RateLimiter, RedisCounter, client_ip
from rasa_hardening.webhook_guard import body_problem
from storage import rate_limits
from tests.support.stack import start_redis

PROXIES = (ipaddress.ip_network("10.0.0.0/8"),)


@pytest.mark.parametrize(
    "raw, content_type, expected",
    [
        (b'{"sender": "a", "message": "hi"}', "application/json", None),
        (b'{"message": "caf\\u00e9 \\ud83d\\ude00"}', "application/json", None),  # a proper surrogate pair
        (b'{"message": "a\\u0000b"}', "application/json", "invalid_characters"),
        (b'{"message": "a\x00b"}', "application/json", "invalid_characters"),
        (b'{"message": "\\ud800"}', "application/json", "invalid_characters"),
        (b'{"metadata": {"language": "\\udfff"}}', "application/json", "invalid_characters"),
        (b'{"\\ud800": 1}', "application/json", "invalid_characters"),
        (b'{"message": "\xed\xa0\x80"}', "application/json", "invalid_characters"),  # surrogate as UTF-8 bytes
        (b"\xff\xfe", "application/json", "invalid_characters"),
        (b"[" * 5000 + b"]" * 5000, "application/json", "invalid_body"),
        (b"[" * 40 + b"]" * 40, "application/json", "invalid_body"),
        (b"not json", "application/json", None),  # the channel answers its own invalid_json
        (
            b'{"message": "a\\u0000b"}',
            "application/x-www-form-urlencoded",
            "invalid_characters",
        ),  # JSON whatever the type
        (b"Body=hello&From=whatsapp%3A%2B60123456789", "application/x-www-form-urlencoded", None),
        (b"Body=he%00llo", "application/x-www-form-urlencoded", "invalid_characters"),
        (b"Body=%ED%A0%80", "application/x-www-form-urlencoded", "invalid_characters"),
        (b"", "application/json", None),
    ],
)
def test_body_problem(raw, content_type, expected):
    assert body_problem(raw, content_type) == expected


@pytest.mark.parametrize(
    "peer, forwarded, expected",
    [
        ("198.51.100.7", "1.2.3.4", "198.51.100.7"),  # not our proxy: its header is ignored
        ("10.0.0.2", "1.2.3.4", "1.2.3.4"),
        ("10.0.0.2", "6.6.6.6, 1.2.3.4", "1.2.3.4"),  # the client wrote the left one
        ("10.0.0.2", "1.2.3.4, 10.0.0.3", "1.2.3.4"),  # two of our proxies in a row
        ("10.0.0.2", None, "10.0.0.2"),
        ("10.0.0.2", "junk", "junk"),
    ],
)
def test_client_ip_trusts_forwarded_for_only_from_our_proxies(peer, forwarded, expected):
    assert client_ip(peer, forwarded, PROXIES) == expected
    assert client_ip(peer, forwarded, ()) == peer


def test_limits_from_env():
    limits = Limits.from_env(
        {"RATE_LIMIT_PER_SENDER": "7", "RATE_LIMIT_PER_IP": "x", "RATE_LIMIT_TRUSTED_PROXIES": "127.0.0.1, 10.0.0.0/8"}
    )
    assert (limits.per_sender, limits.per_ip, limits.window) == (7, 300, 60)
    assert len(limits.trusted_proxies) == 2


def _count_to_limit(limiter: RateLimiter, key: str, limit: int, now: float):
    async def go():
        return [await limiter.over(key, limit, now=now) for _ in range(limit + 1)]

    return asyncio.run(go())


@pytest.fixture
def temp_db(tmp_path, monkeypatch):
    monkeypatch.setenv("DB_DIALECT", "sqlite")
    monkeypatch.setenv("DB_NAME", str(tmp_path / "limits.sqlite3"))


def test_database_counters_are_shared_and_hold_no_identifiers(temp_db):
    limits = Limits(per_sender=3, per_ip=10, per_provider_ip=10, window=60)
    first, second = RateLimiter(limits, DatabaseCounter()), RateLimiter(limits, DatabaseCounter())  # two processes
    now = 1_699_999_990.0  # 10 s into a window
    results = _count_to_limit(first, "sender:whatsapp:60123456789", 3, now)
    assert results[:3] == [None, None, None] and results[3] == 50  # seconds to the next window
    assert asyncio.run(second.over("sender:whatsapp:60123456789", 3, now=now)) is not None
    assert asyncio.run(second.over("sender:whatsapp:60123456789", 3, now=now + 60)) is None  # next window
    from sqlalchemy import select

    from storage.db import counters_engine

    with counters_engine().connect() as conn:
        keys = [row[0] for row in conn.execute(select(rate_limits.counters.c.key))]
    assert keys and not any("6012" in key for key in keys)


def test_a_web_message_counts_for_its_address_and_its_sender_in_one_go(temp_db):
    """The widget's address and sender limits share one round trip; either one over refuses."""
    limits = Limits(per_sender=2, per_ip=3, per_provider_ip=10, window=60)
    limiter = RateLimiter(limits, DatabaseCounter())
    now = 1_699_999_980.0  # the start of a window

    async def go(sender: str):
        return await limiter.over_any([("ip:9.9.9.9", 3), limiter.sender_key("webchat", sender)], now=now)

    assert asyncio.run(go("a")) is None and asyncio.run(go("a")) is None
    assert asyncio.run(go("a")) == 60  # the sender's third message: over its 2
    assert asyncio.run(go("b")) == 60  # another sender, same address: its 4th request, over 3
    assert asyncio.run(limiter.over("ip:8.8.8.8", 3, now=now)) is None  # other addresses go on


def test_redis_counters(tmp_path):
    redis = start_redis(tmp_path)
    try:
        limits = Limits(per_sender=2, per_ip=10, per_provider_ip=10, window=60)
        a = RateLimiter(limits, RedisCounter("127.0.0.1", redis.port, 0, None))
        b = RateLimiter(limits, RedisCounter("127.0.0.1", redis.port, 0, None))
        now = 1_699_999_980.0  # a window start

        async def go():
            return [
                await a.over("ip:1.2.3.4", 2, now=now),
                await b.over("ip:1.2.3.4", 2, now=now),
                await a.over("ip:1.2.3.4", 2, now=now),
                await b.over("ip:5.6.7.8", 2, now=now),
            ]

        assert asyncio.run(go()) == [None, None, 60, None]
    finally:
        redis.stop()


def test_a_broken_counter_store_lets_requests_through():
    class Broken:
        async def hit(self, *args):
            raise ConnectionError("redis is down")

    limiter = RateLimiter(Limits(1, 1, 1, 60), Broken())
    assert asyncio.run(limiter.over("ip:1.2.3.4", 1)) is None
