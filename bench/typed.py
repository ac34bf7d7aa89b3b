"""The typed scenario: whole conversations in which every answer is typed, as Twilio users (numbered text) and
many WhatsApp and web users answer, mixed with FAQ questions and greetings in varied wording, so no cache of
identical texts can carry the figures. `bench/latency.py --scenario typed` drives it (stock runs its moodbot).

Each answer is built from a bank of typed phrasings per question plus random hesitations and particles
("hmm", "lah", "I think"), so nearly every message text differs between conversations. The scenario answers
whichever question the assistant asks (recognised by its prompt or re-ask text), and checks each typed answer
with the engine first so the bank holds only readable answers. If the assistant does not take a typed answer
(the same question comes back), the conversation answers that question by button and goes on: counted as
`typed_missed`, per question. FAQs asked mid-check that got no answer of their own are counted too."""

import random
from pathlib import Path

import yaml

from bench.users import MAX_QUESTIONS, PLACE, Client, ConversationAborted
from skincheck import questions
from skincheck.loader import load_content

ROOT = Path(__file__).resolve().parents[1]

GREETINGS = [
    "hi",
    "hello",
    "hey there",
    "good morning",
    "hai",
    "hello, anyone there?",
    "hi doc",
    "salam",
    "good evening",
    "hey, can I ask something",
]
CONSENTS = ["yes I agree", "ok agree", "sure, go ahead", "I agree", "yes ok", "okay I consent", "agree lah"]
STARTS = [
    "I'd like to check my skin",
    "start the skin check",
    "can we do the skin assessment",
    "I want to start the skin check",
    "let's do the skin check please",
    "start assessment",
]
FAQS = [
    "what is the gut skin axis?",
    "do probiotics help eczema?",
    "is yogurt good for the skin?",
    "how do I keep a food journal?",
    "what is an elimination diet?",
    "which foods should I avoid for acne?",
    "does stress affect my skin?",
    "can yoga help my skin?",
    "how much is a consultation?",
    "can I walk in?",
    "what should I bring to the appointment?",
    "is this a diagnosis?",
    "are you a bot?",
    "what are your opening hours?",
    "does dairy cause acne?",
    "why is fibre important?",
]
PREFIXES = ["", "", "", "hmm ", "I think ", "erm ", "well, ", "ok ", "honestly "]
SUFFIXES = ["", "", "", " lah", " la", " only", ".", " I guess", " je"]
CONCERNS = [
    "my face keeps breaking out",
    "itchy dry patches on my arms",
    "pimples on my forehead",
    "eczema flaring on my hands",
    "a rash from a new soap",
    "not sure what it is",
]
BANK: dict[str, list[str]] = {
    "rf": ["no", "nope", "no lah", "tak", "not at all", "none of that", "nope, nothing like that", "no no"],
    "age_group": [
        "adult",
        "I'm an adult",
        "for me, I'm 40",
        "I am 30 years old",
        "me, 28 years old",
        "an adult",
        "my son, he is 8",
        "for my daughter, 6 years old",
    ],
    "duration": [
        "about 3 weeks",
        "a few months",
        "2 years",
        "since I was young",
        "6 months",
        "a couple of weeks",
        "since secondary school",
        "around 8 months",
        "just a few days",
        "for years",
    ],
    "body_area": [
        "face",
        "face and neck",
        "my hands and arms",
        "back and chest",
        "cheeks and chin",
        "legs",
        "elbows and knees",
        "neck, face and back",
        "all over",
        "my scalp",
    ],
    "count": [
        "every day",
        "most days",
        "twice",
        "3 days",
        "none",
        "once",
        "4 days",
        "not at all",
        "always",
        "a few days",
        "5",
        "hardly",
    ],
    "acne_lesions": ["blackheads", "red pimples", "painful lumps", "whiteheads mostly", "red bumps with pus"],
    "acne_extent": ["face only", "face and back", "just my face", "back and chest", "face and chest"],
    "acne_scarring": ["yes", "no", "a few scars", "no scars", "some pits"],
    "acne_mood": ["a little", "a lot", "not at all", "a bit", "quite a lot"],
    "fibre": ["every day", "most days", "twice a week", "rarely", "sometimes", "hardly ever", "daily with lunch"],
    "fermented": ["rarely", "yogurt sometimes", "once a week", "never", "most days", "tempeh twice a week"],
    "howoften": ["every day", "twice a week", "rarely", "weekends", "3 times a week", "hardly ever", "daily"],
    "diet_triggers": ["no", "not sure", "maybe chocolate", "seafood", "nope", "dunno", "milk I think"],
    "probiotic_use": ["no", "yakult daily", "capsules", "none", "yes, yogurt every morning", "both", "nope"],
    "probiotic_freq": ["daily", "every morning", "once a week", "now and then", "twice a week"],
    "stress": ["sometimes", "often", "rarely", "never", "very often", "fairly often", "almost never"],
    "sleep_quality": ["good", "about 6 hours", "poor", "5 hours", "I sleep well", "so-so", "8 hours"],
    "relaxation": ["yoga on weekends", "no", "sometimes", "gym 3 times a week", "no time", "I walk daily"],
}
GROUP = {  # every safety question (rf_*) takes the "rf" bank
    "diet_fibre": "fibre",
    "diet_fermented": "fermented",
    "diet_sugar": "howoften",
    "diet_dairy": "howoften",
    **dict.fromkeys(
        ("ec_itch", "ec_sleep", "ec_bleeding", "ec_weeping", "ec_cracking", "ec_flaking", "ec_dryness"), "count"
    ),
    **dict.fromkeys(("stress_upset", "stress_control", "stress_confident", "stress_on_top"), "stress"),
}


def bank_of(slot: str) -> list[str] | None:
    return BANK["rf"] if slot.startswith("rf_") else BANK.get(GROUP.get(slot, slot))


def typed_answer(content, slot: str, rng: random.Random) -> str:
    if slot == "concern":
        return rng.choice(CONCERNS)
    bank = bank_of(slot)
    if bank is None:
        # a question added to content after this bank was written: type one of its button titles (a yes/no
        # question gets "no", as the button scenario answers it), so the scenario never stalls on it
        titles = {value: title for title, value in questions.buttons(content, slot) if value != questions.SKIPPED}
        bank = ["no"] if {"yes", "no"} <= set(titles) else [title.lower() for title in titles.values()]
    core = rng.choice(bank)
    if slot.startswith("rf_"):
        return core  # safety questions: plain answers only
    return rng.choice(PREFIXES) + core + rng.choice(SUFFIXES)


BRANCH_ASKS = ["find the nearest branch", "where is your nearest clinic", "which branch is closest to me"]
PLACES = ["Subang Jaya", "I'm in Puchong", "SS2", "near Kajang", "subang lah", "Bangsar"]
CONFIRMS = ["yes", "yes, that one", "ya", "yes please", "yep"]


class TypedScenario:
    """Callable conversation for bench.users: greeting, consent and start typed, every answer typed, FAQs
    asked in between (about one question in six), then the branch search typed.

    The scenario answers whichever question the assistant's last reply asks (found by its prompt or re-ask
    text), so it follows the assistant's own order. A typed answer the assistant does not take (the same
    question comes back) is counted in `missed` (per question in `missed_by`) and answered by its button, so
    the conversation goes on; `typed` counts the typed answers sent. A concern guessed from symptom words is
    confirmed with a typed yes, as a person would."""

    def __init__(self):
        self.content = load_content(ROOT / "content")
        self.missed = 0
        self.typed = 0
        self.missed_by: dict[str, int] = {}
        self.faq_unanswered: dict[str, int] = {}  # FAQs asked mid-check that got only the question again
        self.missed_examples: list[tuple[str, str]] = []  # (question, typed text): the first few, for the report
        texts = self.content.texts
        # longest first, so a phrase that contains another's wins
        self.phrasings = sorted(
            (
                (text, slot)
                for slot in self.content.index["questions"].questions
                for text in (questions.prompt(self.content, slot), questions.reask(self.content, slot))
            ),
            key=lambda pair: -len(pair[0]),
        )
        self.confirm_concern = texts.say("messages", "assessment.confirm_concern", "en", concern="\0").split("\0")[0]
        location = yaml.safe_load((ROOT / "content" / "booking.yml").read_text(encoding="utf-8"))["location"]
        self.location_ask, self.place_not_found = location["ask"]["en"], location["not_found"]["en"]

    def replied(self, client: Client, text: str) -> bool:
        return any(text in (m.get("text") or "") for m in client.last)

    def open_question(self, client: Client) -> str | None:
        """The assessment question the last reply asks; None when it asks none (the check is over)."""
        for text, slot in self.phrasings:
            if self.replied(client, text):
                return slot
        return None

    def miss(self, what: str, text: str = "") -> None:
        self.missed += 1
        self.missed_by[what] = self.missed_by.get(what, 0) + 1
        if len(self.missed_examples) < 20:
            self.missed_examples.append((what, text))

    async def answer(self, client: Client, slot: str, rng: random.Random) -> str | None:
        """Types an answer to `slot` (by button if the typed one is not taken); returns the next open question."""
        text = typed_answer(self.content, slot, rng)
        answer = questions.parse_answer(self.content, slot, text)
        if answer.value is None and not answer.skipped:
            raise ConversationAborted(f"bench answer bank has an answer the engine cannot read: {slot}: {text!r}")
        self.typed += 1
        await client.send(text)
        if slot == "concern" and self.replied(client, self.confirm_concern):
            confirm = rng.choice(CONFIRMS)  # "it could be acne ... Reply Yes": a person says yes
            await client.send(confirm)
            text += f" -> {confirm}"
        asked = self.open_question(client)
        if asked == slot or (asked is None and client.buttons() and not self.assessment_over(client)):
            self.miss(slot, text)  # re-asked (or offered the choices with an example): answer by button, go on
            value = questions.SKIPPED if answer.skipped else answer.value
            await client.send(f'/inform{{"choice":"{value}"}}')
            asked = self.open_question(client)
            if asked == slot:
                raise ConversationAborted(f"{slot}: not taken by button either")
        return asked

    async def ask_faq(self, client: Client, rng: random.Random) -> None:
        faq = rng.choice(FAQS)
        await client.send(faq)
        texts = [m.get("text") or "" for m in client.last]
        if not any(t and not any(phrase in t for phrase, _ in self.phrasings) for t in texts):
            self.faq_unanswered[faq] = self.faq_unanswered.get(faq, 0) + 1

    def snapshot(self) -> dict:
        return {
            "typed_answers": self.typed,
            "typed_missed": self.missed,
            "typed_missed_by": dict(self.missed_by),
            "faq_unanswered": dict(self.faq_unanswered),
        }

    def since(self, before: dict) -> dict:
        """The counters' growth since `before` (a snapshot): one load level's share."""
        now = self.snapshot()
        return {
            key: {k: v - before[key].get(k, 0) for k, v in value.items() if v - before[key].get(k, 0)}
            if isinstance(value, dict)
            else value - before[key]
            for key, value in now.items()
        }

    @staticmethod
    def assessment_over(client: Client) -> bool:
        return any(b["payload"] == "/find_branch" for b in client.buttons())

    async def __call__(self, client: Client, rng: random.Random) -> None:
        await client.send(rng.choice(GREETINGS))
        await client.send(rng.choice(CONSENTS))
        start = rng.choice(STARTS)
        await client.send(start)
        slot = self.open_question(client)
        if slot is None:
            self.miss("start", start)  # the typed start was not understood: start by button, do not stall
            await client.send("/start_assessment")
            slot = self.open_question(client)
        for _ in range(MAX_QUESTIONS):
            if slot is None:
                break
            if rng.random() < 0.17:
                await self.ask_faq(client, rng)
                slot = self.open_question(client) or slot  # the form asks its question again after the FAQ
            slot = await self.answer(client, slot, rng)
        else:
            raise ConversationAborted("assessment did not end")
        if self.assessment_over(client):
            client.recorder.guidance += client.record
        if rng.random() < 0.5:
            await client.send(rng.choice(FAQS))
        self.typed += 1
        ask = rng.choice(BRANCH_ASKS)
        await client.send(ask)
        if not self.replied(client, self.location_ask):
            self.miss("find_branch", ask)
            await client.send("/find_branch")
        self.typed += 1
        place = rng.choice(PLACES)
        await client.send(place)
        if self.replied(client, self.place_not_found) or self.replied(client, self.location_ask):
            self.miss("location", place)
            await client.send(PLACE)
        await client.send(rng.choice(["no thanks", "not now", "maybe later"]))
        await client.send(rng.choice(["thank you", "thanks!", "ok thanks"]))
        await client.send(rng.choice(["bye", "goodbye", "see you"]))
