"""Realistic synthetic conversations in Rasa's exact tracker-event format (for load tests and
demos). Each event dict has the shape `rasa.shared.core.events.Event.as_dict()` produces; a test
round-trips every generated event through Rasa's own Event classes to prove it.

The questions and their buttons come from content/questions.yml (the assessment's single source), so a new
question shows up here too; the other chat texts below are synthetic test data, not clinic content."""

import functools
import json
import os
import random
import uuid
from collections.abc import Iterator

from nextmed_console.database import REPO_ROOT

from skincheck.options import options_of
from skincheck.scoring import holds
from skincheck.yamlfile import read_yaml_mapping


@functools.lru_cache(maxsize=1)
def _questions() -> dict[str, dict]:
    """The assessment as content/questions.yml (its single source) defines it, in asking order:
    slot -> prompt, (title, value) options, red flag or not, and the condition for asking it."""
    _, data = read_yaml_mapping(REPO_ROOT / (os.environ.get("CONTENT_DIR") or "content") / "questions.yml")
    return {
        slot: {
            "prompt": q["prompt"]["en"],
            "options": [(o["title"]["en"], o["value"]) for o in options_of(data, slot)],
            "red_flag": bool(q.get("red_flag")),
            "ask_when": q.get("ask_when"),
        }
        for slot, q in data["questions"].items()
    }


FREE_TEXT = {
    "duration": ["about 3 weeks", "since last year", "2 months already", "few days only"],
    "body_area": ["my face and back", "on my arms", "hands lah", "face"],
    "concern": ["pimples", "eczema on my hands", "itchy rash", "not sure what it is"],
}
GREETINGS = [
    ("hi", "greet"),
    ("hello", "greet"),
    ("hai", "greet"),
    ("good morning", "greet"),
    ("I have pimples on my face", "start_assessment"),
    ("my eczema is getting worse", "start_assessment"),
    ("can you check my skin", "start_assessment"),
]
FAQS = [
    ("does gut health affect skin?", "faq_gut_skin"),
    ("should I take probiotics for acne", "faq_probiotics"),
    ("is milk bad for acne", "faq_dairy_acne"),
    ("does sugar cause pimples", "faq_sugar"),
    ("can stress cause eczema", "faq_stress_skin"),
    ("is this a diagnosis?", "faq_is_diagnosis"),
    ("what time is the cheras branch open", "faq_branches_hours"),
    ("what do you do with my data", "faq_privacy"),
]
FAQ_ANSWER = "Here is some general information. Research on this is still growing; a doctor can advise you personally."
MISUNDERSTOOD = [
    "how much is the facial",
    "can u check my blood test",
    "is durian heaty",
    "asdfgh",
    "got promotion or not",
    "my cat has rash",
    "which cream should i buy",
    "can i come tomorrow 9am without booking",
    "ok la",
    "huh",
]
NAMES = [
    "Nur Aisyah binti Ahmad",
    "Tan Wei Ling",
    "Priya Raman",
    "Muhammad Hafiz",
    "Lim Chee Keong",
    "Siti Khadijah",
    "Jason Wong",
    "Kavitha Subramaniam",
    "Amirul Hakim",
    "Chong Mei Yee",
]
BRANCHES = ["cheras", "pj", "setia_alam"]
BANDS = {"acne": ["mild", "moderate", "severe"], "eczema": ["clear", "mild", "moderate", "severe", "very_severe"]}
GUIDANCE = [
    "Thank you. Based on your answers your skin concern looks {band}. This is educational guidance, not a diagnosis.",
    "Eating more fibre (vegetables, fruit, whole grains) supports a healthy gut, which research links to skin health.",
    "Stress can make skin conditions flare. Regular sleep and relaxing activities may help.",
]


class _Conversation:
    def __init__(self, rng: random.Random, start: float, channel: str, sender_id: str):
        self.rng, self.t, self.channel, self.sender_id = rng, start, channel, sender_id
        self.events: list[dict] = []
        self.buttons_allowed = 3 if channel != "webchat" else 10

    def tick(self, lo=0.05, hi=0.4):
        self.t += self.rng.uniform(lo, hi)
        return self.t

    def action(self, name, policy="policy_2_RulePolicy", confidence=1.0):
        self.events.append(
            {
                "event": "action",
                "timestamp": self.tick(),
                "name": name,
                "policy": policy,
                "confidence": confidence,
                "action_text": None,
                "hide_rule_turn": False,
            }
        )

    def listen(self):
        self.action("action_listen")

    def slot(self, name, value):
        self.events.append({"event": "slot", "timestamp": self.tick(), "name": name, "value": value})

    def bot(self, text, utter_action=None, buttons=None):
        data = {
            "elements": None,
            "quick_replies": None,
            "buttons": buttons,
            "attachment": None,
            "image": None,
            "custom": None,
        }
        self.events.append(
            {
                "event": "bot",
                "timestamp": self.tick(),
                "metadata": {"utter_action": utter_action} if utter_action else {},
                "text": text,
                "data": data,
            }
        )

    def user(self, text, intent, confidence, entities=None, think=(3, 40)):
        self.t += self.rng.uniform(*think)
        message_id = uuid.UUID(int=self.rng.getrandbits(128)).hex
        metadata = {"language": "en"} if self.channel == "webchat" else {}
        ranking = [{"name": intent, "confidence": confidence}]
        parse = {
            "intent": {"name": intent, "confidence": confidence},
            "entities": entities or [],
            "text": text,
            "message_id": message_id,
            "metadata": metadata,
            "intent_ranking": ranking,
        }
        self.events.append(
            {
                "event": "user",
                "timestamp": self.t,
                "metadata": metadata,
                "text": text,
                "parse_data": parse,
                "input_channel": self.channel,
                "message_id": message_id,
            }
        )
        if self.rng.random() < 0.3:
            self.events.append(
                {"event": "user_featurization", "timestamp": self.tick(), "use_text_for_featurization": False}
            )

    def choose(self, slot, value=None):
        """Asks a form question and answers it (usually with a button, sometimes typed)."""
        question = _questions()[slot]
        text, options = question["prompt"], question["options"]
        shown = options[: self.buttons_allowed] if len(options) <= self.buttons_allowed else options
        buttons = [{"title": t, "payload": f'/inform{{"choice":"{v}"}}'} for t, v in shown]
        self.slot("requested_slot", slot)
        self.action(f"action_ask_{slot}")
        self.bot(text, buttons=buttons)
        self.listen()
        if value is None:
            value = self.rng.choice(shown)[1]
        if slot in FREE_TEXT and self.rng.random() < 0.25:
            self.user(self.rng.choice(FREE_TEXT[slot]), "inform", round(self.rng.uniform(0.55, 0.97), 4))
        else:
            payload = f'/inform{{"choice":"{value}"}}'
            self.user(
                payload, "inform", 1.0, [{"entity": "choice", "start": 7, "end": 7 + len(value) + 12, "value": value}]
            )
        self.action("skin_assessment_form", "policy_1_RulePolicy")
        self.slot(slot, value)
        return value

    def fallback(self):
        self.user(self.rng.choice(MISUNDERSTOOD), "nlu_fallback", round(self.rng.uniform(0.2, 0.55), 4))
        self.action("action_default_fallback", "policy_2_RulePolicy")
        self.bot(
            "Sorry, I didn't quite get that. Could you rephrase, or pick one of the options?", "utter_ask_rephrase"
        )
        self.listen()


def build_conversation(rng: random.Random, start: float) -> tuple[str, str, list[dict], dict | None]:
    """(sender_id, input_channel, events, booking row or None) for one synthetic conversation."""
    roll = rng.random()
    # Conversation ids as the channels make them (storage/conversation_ids.py).
    if roll < 0.6:
        channel, sender_id = "webchat", f"web:{uuid.UUID(int=rng.getrandbits(128), version=4)}"
    elif roll < 0.9:
        channel, sender_id = "whatsapp", f"wa:601{rng.randint(10000000, 99999999)}"
    else:
        channel, sender_id = "twilio_whatsapp", f"wa:601{rng.randint(10000000, 99999999)}"
    c = _Conversation(rng, start, channel, sender_id)
    c.action("action_session_start", None, None)
    c.events.append({"event": "session_started", "timestamp": c.tick()})
    c.listen()
    text, intent = rng.choice(GREETINGS)
    c.user(text, intent, round(rng.uniform(0.8, 0.99), 4), think=(0, 1))
    c.action("utter_greet")
    c.bot("Hi, I'm the NextMed Clinic skin assistant.", "utter_greet")
    c.action("utter_menu")
    c.bot(
        "What would you like to do?",
        "utter_menu",
        [
            {"title": "Skin check", "payload": "/start_assessment"},
            {"title": "Ask a question", "payload": "/show_menu"},
            {"title": "Find a branch", "payload": "/find_branch"},
        ],
    )
    c.listen()
    booking = None
    if rng.random() < 0.05:
        c.fallback()
    path = rng.random()
    if path < 0.12:
        c.user("bye", "goodbye", 0.97)
        c.action("utter_goodbye")
        c.bot("Take care! You can come back any time.", "utter_goodbye")
        c.listen()
        return sender_id, channel, c.events, None
    if path < 0.27:
        for _ in range(rng.randint(1, 3)):
            if rng.random() < 0.2:
                c.fallback()
            q, faq = rng.choice(FAQS)
            c.user(q, faq, round(rng.uniform(0.6, 0.99), 4))
            c.action(f"utter_{faq}", "policy_0_TEDPolicy", round(rng.uniform(0.7, 0.99), 4))
            c.bot(FAQ_ANSWER, f"utter_{faq}")
            c.listen()
        return sender_id, channel, c.events, None

    c.user("/start_assessment", "start_assessment", 1.0)
    c.action("action_ask_consent")
    c.bot(
        "Before we start: your answers are stored securely so clinic staff can follow up. Do you agree?",
        None,
        [{"title": "I agree", "payload": "/consent_agree"}, {"title": "No thanks", "payload": "/consent_decline"}],
    )
    c.listen()
    if rng.random() < 0.1:
        c.user("/consent_decline", "consent_decline", 1.0)
        c.action("action_record_consent_declined")
        c.bot("No problem. You can still ask general questions.", None)
        c.listen()
        return sender_id, channel, c.events, None
    c.user("/consent_agree", "consent_agree", 1.0)
    c.action("action_record_consent")
    c.slot("consent_given", True)
    c.slot("consent_at", "2025-01-01T00:00:00Z")
    c.slot("consent_version", "v1")
    c.action("skin_assessment_form", "policy_1_RulePolicy")
    c.events.append({"event": "active_loop", "timestamp": c.tick(), "name": "skin_assessment_form"})
    questions = _questions()
    for slot in [s for s, q in questions.items() if q["red_flag"]]:
        answer = "yes" if rng.random() < 0.015 else "no"
        c.choose(slot, answer)
        if answer == "yes":
            c.events.append({"event": "active_loop", "timestamp": c.tick(), "name": None})
            c.action("action_handle_red_flag")
            urgency = "emergency" if slot == "rf_swelling_breathing" else "see_doctor_today"
            c.slot("red_flag", True)
            c.slot("urgency", urgency)
            c.bot(
                "Your answer suggests you should get medical help now. "
                "Please call 999 or go to the nearest emergency department.",
                None,
            )
            c.listen()
            return sender_id, channel, c.events, None
    answers = {"concern": c.choose("concern")}
    concern = answers["concern"]
    dropout = rng.uniform(0.01, 0.05)
    for slot, question in questions.items():
        if question["red_flag"] or slot in answers:
            continue
        if question["ask_when"] is not None and not holds(question["ask_when"], answers):
            continue  # as the assistant does: e.g. acne questions only for acne
        if rng.random() < 0.03:
            c.fallback()
        answers[slot] = c.choose(slot)
        if rng.random() < dropout:
            return sender_id, channel, c.events, None
    c.slot("requested_slot", None)
    c.events.append({"event": "active_loop", "timestamp": c.tick(), "name": None})
    band = rng.choice(BANDS["acne" if concern == "acne" else "eczema"])
    urgency = "routine" if band in ("severe", "very_severe") else "none"
    c.action("action_give_guidance")
    c.slot("severity_band", band)
    c.slot("severity_score", float(rng.randint(0, 28)))
    c.slot("urgency", urgency)
    c.slot("factors", rng.sample(["low_fibre", "high_sugar", "dairy", "stress", "poor_sleep"], 2))
    c.slot("assessment_done", True)
    for line in GUIDANCE:
        c.bot(line.format(band=band.replace("_", " ")), None)
    c.action("action_offer_booking")
    c.bot(
        "Would you like to book a consultation at one of our branches?",
        None,
        [{"title": "Book a visit", "payload": "/book_appointment"}, {"title": "Not now", "payload": "/deny"}],
    )
    c.listen()
    if rng.random() < 0.6:
        c.user("/deny", "deny", 1.0)
        c.action("utter_no_problem")
        c.bot("No problem. Take care of your skin!", "utter_no_problem")
        c.listen()
        return sender_id, channel, c.events, None
    c.user("/book_appointment", "book_appointment", 1.0)
    branch = rng.choice(BRANCHES)
    c.action("action_ask_branch_id")
    c.bot(
        "Which branch suits you?",
        None,
        [{"title": b.replace("_", " ").title(), "payload": f'/inform{{"choice":"{b}"}}'} for b in BRANCHES],
    )
    c.listen()
    c.user(f'/inform{{"choice":"{branch}"}}', "inform", 1.0, [{"entity": "choice", "value": branch}])
    c.slot("branch_id", branch)
    name = rng.choice(NAMES)
    c.action("action_ask_booking_name")
    c.bot("What name should we use for the booking?", None)
    c.listen()
    c.user(name, "inform", round(rng.uniform(0.5, 0.9), 4))
    c.slot("booking_name", name)
    local = f"01{rng.randint(1, 9)}-{rng.randint(100, 999)} {rng.randint(1000, 9999)}"
    phone = "+60" + local[1:].replace("-", "").replace(" ", "")
    c.action("action_ask_booking_phone")
    c.bot("Which phone number can the clinic call you on?", None)
    c.listen()
    c.user(local, "inform", round(rng.uniform(0.5, 0.9), 4))
    c.slot("booking_phone", phone)
    reference = "NM-" + "".join(rng.choice("ABCDEFGHJKMNPQRSTUVWXYZ23456789") for _ in range(6))
    c.action("action_submit_booking")
    c.slot("booking_reference", reference)
    c.bot(
        f"Thank you {name.split()[0]}! Your request {reference} is with the {branch.replace('_', ' ').title()} team; "
        f"they will call you on {local} to confirm.",
        None,
    )
    c.listen()
    booking = {
        "reference": reference,
        "sender_id": sender_id,
        "channel": channel,
        "branch_id": branch,
        "name": name,
        "phone_e164": phone,
        "summary": json.dumps({"concern": concern, "band": band, "urgency": urgency, "factors": []}),
        "status": rng.choice(["new", "new", "contacted", "booked", "cancelled"]),
        "created_at": c.t,
    }
    return sender_id, channel, c.events, booking


def generate(
    count: int, seed: int, start: float, span_seconds: float
) -> Iterator[tuple[str, str, list[dict], dict | None]]:
    rng = random.Random(seed)
    starts = sorted(start + rng.random() * span_seconds for _ in range(count))
    for t in starts:
        yield build_conversation(rng, t)


def event_row(sender_id: str, event: dict) -> tuple:
    """The row SQLTrackerStore.save() writes for this event."""
    intent = (event.get("parse_data") or {}).get("intent", {}).get("name")
    return (sender_id, event["event"], event["timestamp"], intent, event.get("name"), json.dumps(event))
