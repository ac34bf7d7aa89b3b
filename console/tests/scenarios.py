"""Seeded conversations in Rasa's real event format, with known facts for assertions."""

import datetime as dt

from accounts.roles import create_or_update_user

from .rasa_db import Script, insert_booking, save_events

YES_NO = [("Yes", "yes"), ("No", "no")]
NAME = "Nur Aisyah binti Ahmad"
PHONE_TYPED = "012-345 6789"
PHONE_E164 = "+60123456789"
WA_NUMBER = "60198765432"
WA_SENDER = f"wa:{WA_NUMBER}"  # the conversation id (storage/conversation_ids.py)


def make_user(role: str, username: str | None = None, password: str = "correct-horse-battery"):
    user, _ = create_or_update_user(username or f"{role}1", password, role)
    return user


def web_booking(store, sender_id="web:aisyah", t0=None):
    """Web chat: consent, acne assessment, guidance, booking with name and phone typed in."""
    t0 = t0 or (dt.datetime.now(dt.timezone.utc) - dt.timedelta(days=2)).timestamp()
    s = Script(t0, "webchat").session()
    s.user("hi", "greet", 0.97, metadata={"language": "en"}).action("utter_greet").bot(
        "Hi, I'm the NextMed Clinic skin assistant.",
        [
            {"title": "Skin check", "payload": "/start_assessment"},
            {"title": "Find a branch", "payload": "/find_branch"},
        ],
    )
    s.action("action_listen").user("/start_assessment", "start_assessment", 1.0)
    s.action("action_ask_consent").bot(
        "Do you agree?",
        [{"title": "I agree", "payload": "/consent_agree"}, {"title": "No thanks", "payload": "/consent_decline"}],
    )
    s.action("action_listen").user("/consent_agree", "consent_agree", 1.0)
    s.action("action_record_consent").slot("consent_given", True).loop("skin_assessment_form")
    for slot in ("rf_swelling_breathing", "rf_fever_unwell", "rf_spreading_redness", "rf_blisters_sores"):
        s.ask(slot, f"Question {slot}?", YES_NO, "no")
    s.ask("concern", "What is your main skin concern?", [("Acne", "acne"), ("Eczema", "eczema")], "acne")
    s.action("action_listen").user("my chin keeps breaking out before exams", "inform", 0.71)
    s.loop(None).action("action_give_guidance").slot("severity_band", "moderate").slot("urgency", "routine")
    s.slot("assessment_done", True).bot("Your acne looks moderate. Fibre-rich food supports gut health.")
    s.action("action_offer_booking").bot(
        "Would you like to book?",
        [{"title": "Book a visit", "payload": "/book_appointment"}, {"title": "Not now", "payload": "/deny"}],
    )
    s.action("action_listen").user("/book_appointment", "book_appointment", 1.0)
    s.slot("branch_id", "setia_alam").bot("What name should we use?").action("action_listen")
    s.user(NAME, "inform", 0.6).slot("booking_name", NAME).bot("Which phone number?").action("action_listen")
    s.user(PHONE_TYPED, "inform", 0.6).slot("booking_phone", PHONE_E164).slot("booking_reference", "NM-7K3Q9P")
    s.bot(f"Thank you Nur Aisyah! We will call you on {PHONE_TYPED}.").action("action_listen")
    save_events(store, sender_id, s.events)
    now = dt.datetime.now(dt.timezone.utc)
    insert_booking(
        store,
        reference="NM-7K3Q9P",
        dedupe_key=f"{sender_id}-1",
        sender_id=sender_id,
        channel="webchat",
        branch_id="setia_alam",
        name=NAME,
        phone_e164=PHONE_E164,
        preferred_date=dt.date(2030, 1, 2),
        preferred_time="10:30",
        status="new",
        created_at=now,
        updated_at=now,
        summary='{"concern": "acne", "band": "moderate", "urgency": "routine", "factors": ["low_fibre"]}',
    )
    return s


def whatsapp_red_flag(store, sender_id=WA_SENDER, t0=None):
    t0 = t0 or (dt.datetime.now(dt.timezone.utc) - dt.timedelta(days=1)).timestamp()
    s = Script(t0, "whatsapp").session()
    s.user("/start_assessment", "start_assessment", 1.0).slot("language", "ms")
    s.action("action_ask_consent").bot("Adakah anda bersetuju?")
    s.action("action_listen").user("/consent_agree", "consent_agree", 1.0).slot("consent_given", True)
    s.loop("skin_assessment_form").ask("rf_swelling_breathing", "Swelling or trouble breathing?", YES_NO, "yes")
    s.loop(None).action("action_handle_red_flag").slot("red_flag", True).slot("urgency", "emergency")
    s.bot("Please call 999 or go to the nearest emergency department now.").action("action_listen")
    save_events(store, sender_id, s.events)
    return s


def web_fallback(store, sender_id="web:confused", t0=None):
    """No consent; one misunderstood message (nlu_fallback + action_default_fallback) and a FAQ."""
    t0 = t0 or (dt.datetime.now(dt.timezone.utc) - dt.timedelta(days=10)).timestamp()
    s = Script(t0, "webchat").session()
    s.user("is durian heaty for eczema", "nlu_fallback", 0.31).action("action_default_fallback")
    s.bot("Sorry, I didn't quite get that.").action("action_listen")
    s.user("does sugar cause pimples", "faq_sugar", 0.88).action("utter_faq_sugar")
    s.bot("High-sugar diets are linked with acne in some studies.").action("action_listen")
    save_events(store, sender_id, s.events)
    return s


def seed_all(store):
    web_booking(store)
    whatsapp_red_flag(store)
    web_fallback(store)
