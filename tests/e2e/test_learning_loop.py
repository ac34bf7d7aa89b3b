"""The improvement loop, end to end: messages typed in the web chat that the assistant misunderstands
show up in the console's "Needs labelling" queue, a staff member labels them, `export_labels` writes
them into (a copy of) the project's data, the model is retrained (into a temporary models folder, so
the main model is untouched), and the same messages typed again are understood.

Training cost: a full `rasa train` (what `make train` does) spends ~80 DIET epochs, 5 minutes on a
quiet 2-core machine and over 20 when it is busy. Here the retrain is Rasa's incremental training
with the same config and all the data (`rasa train --finetune <shipped model> --epoch-fraction 0.2`:
the shipped model's weights, the new examples, 16 epochs), which proves the same thing -- the
exported examples are read and learnt -- at a fifth of the cost. LEARNING_LOOP_FULL_TRAIN=1 runs the
full `rasa train` instead. It runs once per `make test` (marker learning_loop, target
test-learning-loop)."""

import hashlib
import os
import re
import secrets
import shutil
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
import requests

from actions.ui import choice_payload
from launcher.config import MODEL, ROOT
from launcher.dev import launch
from skincheck import questions
from skincheck.loader import load_content

pytestmark = [pytest.mark.e2e, pytest.mark.learning_loop]

# Local wording the shipped model did not understand (fallback) on 2026-11-30, and what staff will say
# it meant. The test uses those the model of the day still misunderstands (at least MIN_MESSAGES), so
# new training data elsewhere does not break it.
FAQ_CANDIDATES = {
    "does ais kacang cause breakouts": "faq_sugar",
    "kimchi everyday ok for eczema": "faq_probiotics",
    "who runs the setia alam outlet on sundays": "faq_branches_hours",
    "lassi good for tummy and skin": "faq_probiotics",
    "the wheat thing with gluten give me spots": "out_of_scope",
}
MIN_MESSAGES = 2
# One is labelled too, but its text hashes into the held-out share: exported to the test set, never
# trained. The first the model of the day still misreads is used (tapai got its own FAQ this round).
HELD_OUT_CANDIDATES = [
    ("is tapai good for my skin", "faq_fermented"),
    ("teh o ais kosong ok for skin", "faq_sugar"),
]
# Typed at the "main concern" question, which the answer parser cannot read.
CONCERN_ANSWER = ("kulit ayam on my arms", "unsure")
HELDOUT_EVERY = 5  # settings.LABELLING_HELDOUT_EVERY
FALLBACK_THRESHOLD = 0.55  # config.yml FallbackClassifier


def heldout(text: str) -> bool:
    key = " ".join(re.sub(r"[^\w\s]", " ", text.lower()).split())
    return int(hashlib.sha256(key.encode()).hexdigest()[:8], 16) % HELDOUT_EVERY == 0


class WebChat:
    """A visitor in the website widget (its channel: /webhooks/webchat/webhook)."""

    def __init__(self, stack):
        self.stack, self.sender, self.last = stack, str(uuid.uuid4()), []

    def send(self, text: str) -> list:
        reply = requests.post(
            f"{self.stack.rasa_url}/webhooks/webchat/webhook",
            timeout=60,
            json={"sender": self.sender, "message": text, "metadata": {"language": "en"}},
        )
        assert reply.status_code == 200, reply.text
        self.last = reply.json()
        return self.last

    @property
    def texts(self) -> list:
        return [m.get("text") or "" for m in self.last]

    @property
    def payloads(self) -> list:
        return [b["payload"] for m in self.last for b in (m.get("buttons") or [])]


def said(chat: WebChat, text: str) -> bool:
    """The assistant said `text`, alone or after a progress line ("Question 1 of 23")."""
    return any(text in reply for reply in chat.texts)


def go_to_question(chat: WebChat, content, slot: str) -> dict:
    """Greeting, consent, then buttons for every question before `slot` ("no" where offered).
    Returns the answers given."""
    chat.send("hi")
    if "/consent_agree" in chat.payloads:
        chat.send("/consent_agree")
    if not said(chat, questions.prompt(content, questions.next_questions(content, {})[0])):
        chat.send("/start_assessment")
    answers: dict = {}
    while True:
        pending = questions.next_questions(content, answers)[0]
        assert said(chat, questions.prompt(content, pending)), f"expected {pending}: {chat.texts}"
        if pending == slot:
            return answers
        values = [v for _, v in questions.buttons(content, pending)]
        answers[pending] = "no" if "no" in values else values[0]
        chat.send(choice_payload(answers[pending]))


class Console:
    """A staff member in the console, over HTTP."""

    def __init__(self, url: str, username: str, password: str):
        self.url, self.session = url, requests.Session()
        page = self.session.get(f"{url}/login/", timeout=30)
        self.post("/login/", {"username": username, "password": password}, page.text)

    def post(self, path: str, data: dict, form_page: str):
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form_page).group(1)
        return self.session.post(
            self.url + path,
            data={**data, "csrfmiddlewaretoken": token},
            timeout=60,
            headers={"Referer": self.url + path},
        )

    def queue(self) -> str:
        return self.session.get(f"{self.url}/labelling/", timeout=60).text

    def label(self, text: str, **choice) -> None:
        page = self.queue()
        match = re.search(r'<a href="(/labelling/\d+/)">' + re.escape(text) + "</a>", page)
        assert match, f"{text!r} is not in the Needs labelling queue"
        form = self.session.get(self.url + match.group(1), timeout=30)
        assert form.status_code == 200 and "Save label" in form.text, (form.status_code, form.text[-3000:])
        saved = self.post(match.group(1), {"text": text, **choice}, form.text)
        assert saved.status_code == 200 and saved.url.endswith("/labelling/?status=open"), saved.text[-2000:]


def manage(stack, workdir: Path, *args: str, extra=None) -> str:
    env = {**stack.env, "DJANGO_SECRET_KEY": (workdir / "django_secret_key").read_text().strip(), **(extra or {})}
    done = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT / "console",
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


def rasa_train(project: Path, out: Path, extra: list) -> subprocess.CompletedProcess:
    command = [
        str(ROOT / ".venv" / "bin" / "rasa"),
        "train",
        "--config",
        "config.yml",
        "--domain",
        str(project / "domain"),
        "--data",
        str(project / "data"),
        "--out",
        str(out),
        "--fixed-model-name",
        "retrained",
        *extra,
    ]
    return subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=3600, check=False)


def parse(stack, text: str) -> dict:
    reply = requests.post(
        f"{stack.rasa_url}/model/parse", params={"token": stack.env["RASA_API_TOKEN"]}, json={"text": text}, timeout=60
    )
    assert reply.status_code == 200, reply.text
    return reply.json()["intent"]


def test_misunderstood_web_chat_messages_are_labelled_exported_retrained_and_then_understood(tmp_path):
    content = load_content(ROOT / "content")
    assert questions.parse_answer(content, "concern", CONCERN_ANSWER[0]).value is None, "pick another answer"
    assert not any(heldout(t) for t in [*FAQ_CANDIDATES, CONCERN_ANSWER[0]]), "pick texts on the training side"
    assert all(heldout(text) for text, _ in HELD_OUT_CANDIDATES), "pick held-out texts"
    project = tmp_path / "project"
    for folder in ("domain", "data", "content"):
        shutil.copytree(ROOT / folder, project / folder)
    (project / "tests" / "data").mkdir(parents=True)
    shutil.copy(ROOT / "tests" / "test_nlu.yml", project / "tests" / "test_nlu.yml")
    for name in ("reviewed_nlu_heldout.yml", "reviewed_answers_heldout.yml"):
        shutil.copy(ROOT / "tests" / "data" / name, project / "tests" / "data" / name)
    password = secrets.token_urlsafe(16)
    run = tmp_path / "run"
    run.mkdir()

    # 1. Before: the shipped model and content misunderstand them; they land in the queue.
    # Plain http on loopback: the session and CSRF cookies must not be marked Secure here.
    stack = launch(
        run, with_web=False, with_console=True, extra_env={"SUMMARY_SYNC_SECONDS": "3600", "DJANGO_SECURE_COOKIES": "0"}
    )
    try:
        before = {text: parse(stack, text) for text in [*FAQ_CANDIDATES, *dict(HELD_OUT_CANDIDATES)]}
        print("before:", {t: (p["name"], round(p["confidence"], 2)) for t, p in before.items()})
        misread = {t for t, p in before.items() if p["name"] == "nlu_fallback" or p["confidence"] < 0.7}
        messages = {t: i for t, i in FAQ_CANDIDATES.items() if t in misread}
        held_out = next((c for c in HELD_OUT_CANDIDATES if c[0] in misread), None)
        assert len(messages) >= MIN_MESSAGES and held_out, "add candidates it misreads"
        for text in [*messages, held_out[0]]:
            chat = WebChat(stack)
            chat.send(text)
        chat = WebChat(stack)
        go_to_question(chat, content, "concern")
        chat.send(CONCERN_ANSWER[0])
        assert said(chat, questions.reask(content, "concern")), chat.texts  # asked again

        manage(
            stack,
            run,
            "create_console_user",
            "learner",
            "--role",
            "staff",
            "--password-env",
            "LEARN_PW",
            extra={"LEARN_PW": password},
        )
        staff = Console(stack.console_url, "learner", password)
        queue = staff.queue()  # the page brings summaries and the queue up to date itself
        for text in [*messages, held_out[0], CONCERN_ANSWER[0]]:
            assert text in queue, f"{text!r} missing from the queue"

        # 2. Labelled by staff, then exported into the project copy.
        for text, intent in messages.items():
            if intent == "out_of_scope":
                staff.label(text, kind="out_of_scope")
            else:
                staff.label(text, kind="intent", intent=intent)
        staff.label(held_out[0], kind="intent", intent=held_out[1])
        staff.label(CONCERN_ANSWER[0], kind="answer", value=CONCERN_ANSWER[1])
        out = manage(stack, run, "export_labels", "--project-dir", str(project))
        assert f"{len(messages) + 2} new labels" in out, out
    finally:
        stack.stop()
    reviewed = (project / "data" / "nlu" / "reviewed.yml").read_text()
    for text, intent in messages.items():
        assert f"- intent: {intent}" in reviewed and f"    - {text}\n" in reviewed
    assert re.search(r"# conversation \d+\n- intent: ", reviewed)
    assert CONCERN_ANSWER[0] in (project / "content" / "reviewed_answers.yml").read_text()
    assert held_out[0] not in reviewed
    assert held_out[0] in (project / "tests" / "data" / "reviewed_nlu_heldout.yml").read_text()

    # 3. Retrained into a temporary models folder (the main model is left alone).
    started = time.monotonic()
    incremental = (
        []
        if os.environ.get("LEARNING_LOOP_FULL_TRAIN") == "1"
        else ["--finetune", str(MODEL), "--epoch-fraction", "0.2"]
    )
    trained = rasa_train(project, tmp_path / "models", incremental)
    if incremental and "Cannot finetune" in trained.stdout + trained.stderr:
        # models/nextmed.tar.gz predates a domain change (make train was not run): train in full.
        incremental = []
        trained = rasa_train(project, tmp_path / "models", incremental)
    assert trained.returncode == 0, trained.stdout[-3000:] + trained.stderr[-3000:]
    print(f"retrained ({'incremental' if incremental else 'full'}) in {time.monotonic() - started:.0f}s")
    model = tmp_path / "models" / "retrained.tar.gz"
    assert model.exists()

    # 4. After: the same messages, typed again in the web chat, are understood.
    after = tmp_path / "after"
    after.mkdir()
    stack = launch(
        after,
        with_web=False,
        with_console=False,
        extra_env={"RASA_MODEL": str(model), "CONTENT_DIR": str(project / "content")},
    )
    try:
        fallback_texts = {content.texts.say("fallback", key) for key in ("did_you_mean", "ask_rephrase", "give_up")}
        for text, intent in messages.items():
            parsed = parse(stack, text)
            assert parsed["name"] == intent and parsed["confidence"] >= FALLBACK_THRESHOLD, (text, parsed)
            chat = WebChat(stack)
            chat.send(text)
            assert chat.texts and not fallback_texts & set(chat.texts), (text, chat.texts)
        chat = WebChat(stack)
        answers = go_to_question(chat, content, "concern")
        chat.send(CONCERN_ANSWER[0])
        assert not said(chat, questions.reask(content, "concern")), chat.texts
        following = questions.next_questions(content, {**answers, "concern": CONCERN_ANSWER[1]})[0]
        if not said(chat, questions.prompt(content, following)):
            # A typed concern the person did not name outright is confirmed before it is used
            # (actions/validate_assessment.py): the reply names the labelled value; confirm it.
            label = content.guidance["concern_labels"][CONCERN_ANSWER[1]]["en"]
            assert any(label in text for text in chat.texts), (label, chat.texts)
            chat.send("yes")
        assert said(chat, questions.prompt(content, following)), (following, chat.texts)
    finally:
        stack.stop()
