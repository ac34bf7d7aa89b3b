"""A whole conversation typed in Bahasa Melayu over HTTP, from the greeting to the booking reference,
against the real Rasa and action servers: every reply is the Malay text from content/ and domain/."""

import datetime as dt

import pytest
from sqlalchemy import create_engine, select

from actions.runtime import branches, content, texts
from skincheck import questions
from skincheck.branches import branch_by_id, hours_on, next_open_day
from skincheck.dates import malaysia_today
from storage.bookings import booking_requests
from tests.e2e.chat import Chat

pytestmark = pytest.mark.e2e

# Typed answers a Malay speaker might give; every one must be understood (asserted below).
PLAN = {
    "rf_swelling_breathing": "tidak",
    "rf_fever_unwell": "takde demam",
    "rf_spreading_redness": "tak",
    "rf_blisters_sores": "tiada",
    "rf_emergency_signs": "tidak ada",
    "age_group": "untuk saya sendiri",
    "rf_weak_immunity": "tidak",
    "rf_mole": "takde",
    "concern": "jerawat kat muka",
    "duration": "dah 2 bulan",
    "body_area": "muka",
    "acne_lesions": "jerawat merah bernanah",
    "acne_extent": "muka je",
    "acne_scarring": "tak ada parut",
    "acne_mood": "sikit-sikit",
    "diet_fibre": "hari-hari",
    "diet_fermented": "kadang-kadang",
    "diet_sugar": "setiap hari",
    "diet_dairy": "jarang",
    "diet_triggers": "tak pasti",
    "probiotic_use": "tak ambil",
    "stress_upset": "kadang-kadang",
    "stress_control": "jarang",
    "stress_confident": "selalu",
    "stress_on_top": "kadang-kadang",
    "sleep_quality": "biasa je",
    "relaxation": "kadang-kadang",
}
MALAY_MONTHS = [
    "Januari",
    "Februari",
    "Mac",
    "April",
    "Mei",
    "Jun",
    "Julai",
    "Ogos",
    "September",
    "Oktober",
    "November",
    "Disember",
]


def ms(file, key, **fields):
    text = texts().say(file, key, "ms", **fields)
    assert text != texts().say(file, key, "en", **fields), f"{file}: {key} has no Malay text yet"
    return text


def test_whole_conversation_typed_in_malay(live_stack):
    chat = Chat(live_stack)
    chat.send("Assalamualaikum, selamat pagi")
    assert chat.texts[0].startswith("Hai, saya pembantu kulit NextMed Clinic")
    notice = texts().entry("messages", "consent.notice")
    assert notice["ms"].split("\n")[0] in chat.joined and notice["en"].split("\n")[0] not in chat.joined
    assert [b["title"] for b in chat.buttons][-1] == "English"  # the way back to English

    chat.send("ya, saya setuju")
    assert ms("messages", "consent.recorded") in chat.texts
    assert "Apa yang anda ingin lakukan?" in chat.texts

    chat.send("saya nak buat semakan kulit")
    answers = {}
    pending = questions.next_questions(content(), answers)
    while pending:
        slot = pending[0]
        assert questions.prompt(content(), slot, "ms") in chat.joined, f"{slot}: {chat.texts}"
        assert questions.prompt(content(), slot, "ms") != questions.prompt(content(), slot, "en")
        value = questions.parse_answer(content(), slot, PLAN[slot], "ms").value
        assert value is not None, f"{slot}: {PLAN[slot]!r} is not understood"
        answers[slot] = value
        chat.send(PLAN[slot])
        pending = questions.next_questions(content(), answers)

    # Guidance and the booking offer in Malay.
    assert ms("guidance", "disclaimer") in chat.texts
    assert ms("booking", "booking.offer") in chat.texts
    chat.send("ya, boleh")
    assert ms("booking", "location.ask") in chat.texts
    chat.send("saya tinggal di Taman Connaught")
    assert "Cawangan paling dekat dengan Taman Connaught ialah" in chat.joined

    branch = branch_by_id(branches(), "cheras")
    day = next_open_day(branch, malaysia_today(dt.datetime.now(dt.timezone.utc)) + dt.timedelta(days=1))
    at = dt.time(hours_on(branch, day).sessions[0][0].hour + 1, 0)
    chat.send("nak buat temujanji")
    if ms("booking", "booking.ask_name", branch=branch.name) not in chat.texts:
        chat.send("Cheras")  # the branch question, when the nearest branch was not taken as the choice
    assert ms("booking", "booking.ask_name", branch=branch.name) in chat.texts, chat.texts
    chat.send("Siti Aminah")
    assert ms("booking", "booking.ask_phone") in chat.texts
    chat.send("012-345 6789")
    chat.send(f"{day.day} {MALAY_MONTHS[day.month - 1]}")
    assert "Pukul berapa yang sesuai" in chat.joined, chat.texts
    spoken = {True: f"pukul {at.hour} pagi", False: f"pukul {at.hour - 12 or 12} petang"}[at.hour < 12]
    chat.send("pukul 12 tengah hari" if at.hour == 12 else spoken)
    assert "Sila semak permohonan anda: Siti Aminah" in chat.joined, chat.texts
    chat.send("ya, hantar")
    assert "Nombor rujukan anda ialah NM-" in chat.joined, chat.texts
    reference = chat.joined.split("Nombor rujukan anda ialah ")[1][:9]
    with create_engine(live_stack.env["DB_URL"]).connect() as conn:
        row = conn.execute(select(booking_requests).where(booking_requests.c.reference == reference)).one()
    assert row.branch_id == "cheras" and row.preferred_date == day and row.sender_id.endswith(chat.sender)
