"""The typed scenario: whole conversations in which every answer is typed, as Twilio users (numbered text) and
many WhatsApp and web users answer, mixed with FAQ questions and greetings in varied wording, so no cache of
identical texts can carry the figures. `bench/latency.py --scenario typed` drives it (stock runs its moodbot).

Each answer is built from a bank of typed phrasings per question plus random hesitations and particles
("hmm", "lah", "I think"), so nearly every message text differs between conversations. The engine is run
locally on the same text to know which question comes next; if the assistant does not take an answer, the
conversation falls back to the button for that question (counted as `typed_missed`)."""

import random

from bench.users import MAX_QUESTIONS, PLACE, Client, ConversationAborted
from skincheck import questions
from skincheck.loader import load_content

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
GROUP = {
    "rf_swelling_breathing": "rf",
    "rf_fever_unwell": "rf",
    "rf_spreading_redness": "rf",
    "rf_blisters_sores": "rf",
    "diet_fibre": "fibre",
    "diet_fermented": "fermented",
    "diet_sugar": "howoften",
    "diet_dairy": "howoften",
    **dict.fromkeys(
        ("ec_itch", "ec_sleep", "ec_bleeding", "ec_weeping", "ec_cracking", "ec_flaking", "ec_dryness"), "count"
    ),
    **dict.fromkeys(("stress_upset", "stress_control", "stress_confident", "stress_on_top"), "stress"),
}


def typed_answer(slot: str, rng: random.Random) -> str:
    if slot == "concern":
        return rng.choice(CONCERNS)
    core = rng.choice(BANK.get(GROUP.get(slot, slot)) or ["skip"])
    if slot.startswith("rf_"):
        return core  # safety questions: plain answers only
    return rng.choice(PREFIXES) + core + rng.choice(SUFFIXES)


class TypedScenario:
    """Callable conversation for bench.users: greeting, consent and start typed, every answer typed, FAQs
    asked in between (about one question in six), then the branch search typed."""

    def __init__(self):
        self.content = load_content("content")
        self.missed = 0

    def asked(self, client: Client, slot: str) -> bool:
        prompt = questions.prompt(self.content, slot)
        return any(prompt in (m.get("text") or "") for m in client.last)

    async def __call__(self, client: Client, rng: random.Random) -> None:
        content = self.content
        await client.send(rng.choice(GREETINGS))
        await client.send(rng.choice(CONSENTS))
        await client.send(rng.choice(STARTS))
        if not any(questions.prompt(content, "rf_swelling_breathing") in (m.get("text") or "") for m in client.last):
            await client.send("/start_assessment")  # the typed start was not understood: do not stall
        answers: dict = {}
        pending = questions.next_questions(content, answers)
        for _ in range(MAX_QUESTIONS):
            if not pending:
                break
            slot = pending[0]
            if rng.random() < 0.17:
                await client.send(rng.choice(FAQS))
            text = typed_answer(slot, rng)
            answer = questions.parse_answer(content, slot, text)
            await client.send(text)
            if answer.value is None and not answer.skipped:
                raise ConversationAborted("bench answer bank has an answer the engine cannot read")
            answers[slot] = questions.SKIPPED if answer.skipped else answer.value
            answers.update(answer.also)
            pending = questions.next_questions(content, answers)
            if pending and not self.asked(client, pending[0]):
                self.missed += 1  # not taken as typed: answer this one by button and go on
                await client.send(f'/inform{{"choice":"{answers[slot]}"}}')
        else:
            raise ConversationAborted("assessment did not end")
        if rng.random() < 0.5:
            await client.send(rng.choice(FAQS))
        await client.send(
            rng.choice(["find the nearest branch", "where is your nearest clinic", "which branch is closest to me"])
        )
        await client.send(PLACE)
        await client.send(rng.choice(["no thanks", "not now", "maybe later"]))
        await client.send(rng.choice(["thank you", "thanks!", "ok thanks"]))
        await client.send(rng.choice(["bye", "goodbye", "see you"]))
