"""Several Rasa processes share the conversations, as behind a load balancer: two Sanic workers on
one port with the Redis lock store. Whichever process receives a message, the conversation goes on
where it was (the tracker and its window are in the database, nothing is kept in a process)."""

import concurrent.futures

import pytest

from actions.runtime import content
from bench.procmem import cpu_seconds, tree
from launcher.dev import launch
from launcher.redis import several_processes_env
from launcher.redis import throwaway_redis as start_redis
from skincheck.assess import assess
from skincheck.guidance import guidance_messages
from tests.e2e.chat import Chat, answer_assessment
from tests.e2e.test_conversations import BUTTONS_ACNE, TYPED_ECZEMA

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def two_process_stack(tmp_path_factory):
    workdir = tmp_path_factory.mktemp("several")
    redis = start_redis(workdir)
    stack = launch(workdir, with_web=False, extra_env=several_processes_env(2, redis))
    yield stack
    stack.stop()
    redis.stop()


def rasa_workers(stack):
    rasa = next(p for p in stack.procs if " run " in " ".join(map(str, p.args)))
    return sorted(tree([rasa.pid]) - {rasa.pid})


def whole_conversation(stack, plan, typed):
    chat = Chat(stack)
    chat.send("hi")
    chat.press("agree")
    chat.send("check my skin" if typed else "/start_assessment")
    answers = answer_assessment(chat, content(), plan, typed=typed)
    expected = guidance_messages(content(), assess(content(), answers))
    assert expected and all(text in chat.texts for text in expected)
    return chat


def test_conversations_continue_whichever_process_answers(two_process_stack):
    workers = rasa_workers(two_process_stack)
    assert len(workers) >= 2, "Rasa did not start two worker processes"
    before = {pid: cpu_seconds(pid) for pid in workers}

    plans = [(BUTTONS_ACNE, False), (TYPED_ECZEMA, True)] * 3
    with concurrent.futures.ThreadPoolExecutor(max_workers=6) as pool:
        chats = list(pool.map(lambda p: whole_conversation(two_process_stack, *p), plans))

    assert len({c.sender for c in chats}) == 6
    busy = [pid for pid in workers if cpu_seconds(pid) - before[pid] > 0.1]
    assert len(busy) >= 2, "the messages did not reach both Rasa processes"
