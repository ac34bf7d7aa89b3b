"""The "Needs labelling" queue from real tracker events, labelling with the PII check, roles, audit."""

import pytest
from audit.models import AuditEntry
from conversations.models import ConversationSummary
from conversations.services.retention import delete_person
from conversations.services.summary_sync import sync_summaries
from django.urls import reverse
from labelling import scan as queue_scan
from labelling.models import Label, QueueGroup, QueueMessage

from . import labelling_scenarios as ls
from . import scenarios


@pytest.fixture
def queued(rasa):
    ls.fallback(rasa, "web-durian-1")
    ls.fallback(rasa, "web-durian-2", text="Is durian  heaty for ECZEMA", days=1)
    ls.reask(rasa, "web-sayur")
    ls.understood_turns(rasa, "web-fine")
    ls.low_confidence(rasa, "web-shop")
    sync_summaries()
    queue_scan.scan()
    return rasa


def group_of(text: str, slot: str = "") -> QueueGroup:
    return QueueGroup.objects.get(key=queue_scan.group_key(slot, text))


def test_queue_lists_fallbacks_reasks_and_low_confidence_from_tracker_events(client, queued):
    texts = sorted(QueueMessage.objects.values_list("text", "fallback", "reask", "low_confidence"))
    assert texts == [
        ("Is durian  heaty for ECZEMA", True, False, False),
        ("is durian heaty for eczema", True, False, False),
        ("my plate is half sayur", False, True, False),
        ("where ah your shop", False, False, True),
    ]
    # The same words in two conversations are one row with a count.
    durian = group_of("is durian heaty for eczema")
    assert durian.messages.count() == 2 and durian.slot == ""
    sayur = group_of("my plate is half sayur", "diet_fibre")
    message = sayur.messages.get()
    assert message.context == ls.FIBRE_PROMPT and (message.intent, message.confidence) == ("inform", 0.83)

    client.force_login(scenarios.make_user("staff"))
    page = client.get(reverse("labelling:queue")).content.decode()
    assert "Needs labelling" in page and "heaty for eczema" in page.lower()
    assert '2 <span class="muted small">conversations</span>' in page
    assert ls.FIBRE_PROMPT in page and "at question: " in page
    assert "nlu_fallback" in page and "0.41" in page and "0.83" in page
    # Understood messages never appear: the accepted typed answer, the FAQ, the button press.
    for text in ("every day lah", "is sugar bad", "choice", "hi<"):
        assert text not in page
    # Most frequent first.
    assert page.index("durian") < page.index("sayur")


def test_scan_is_incremental_and_idempotent(rasa):
    ls.fallback(rasa, "web-a")
    sync_summaries()
    assert queue_scan.scan().added == 1
    assert queue_scan.scan().added == 0
    ls.reask(rasa, "web-b")
    assert queue_scan.scan().added == 0  # not summarised yet: the queue waits for the summary sync
    sync_summaries()
    assert queue_scan.scan().added == 1
    assert QueueMessage.objects.count() == 2 and QueueGroup.objects.count() == 2


def test_the_queue_page_catches_up_by_itself(client, rasa):
    ls.fallback(rasa, "web-a", text="can i bring my cat")
    client.force_login(scenarios.make_user("reviewer"))
    assert "can i bring my cat" in client.get(reverse("labelling:queue")).content.decode()


def test_labelling_an_intent_is_saved_and_audited(client, queued):
    group = group_of("is durian heaty for eczema")
    client.force_login(scenarios.make_user("staff", "sara"))
    response = client.post(
        reverse("labelling:label", args=[group.pk]),
        {"kind": "intent", "intent": "faq_dairy_acne", "text": "is durian heaty for eczema"},
    )
    assert response.status_code == 302
    label = Label.objects.get()
    assert (label.kind, label.intent, label.text, label.redacted) == (
        "intent",
        "faq_dairy_acne",
        "is durian heaty for eczema",
        False,
    )
    assert label.labelled_by_name == "sara" and label.labelled_at is not None
    assert label.predicted_intent == "nlu_fallback" and label.messages == 2
    assert label.conversation in ConversationSummary.objects.values_list("pk", flat=True)
    entry = AuditEntry.objects.get(action="label_message")
    assert entry.username == "sara" and entry.target == f"queue group {group.pk}"
    assert entry.detail["intent"] == "faq_dairy_acne" and "durian" not in str(entry.detail)
    # Labelled rows leave the open queue and show under "Labelled".
    assert "durian" not in client.get(reverse("labelling:queue")).content.decode()
    assert "durian" in client.get(reverse("labelling:queue") + "?status=labelled").content.decode()
    # Relabelling changes the one label and is audited again.
    client.post(reverse("labelling:label", args=[group.pk]), {"kind": "ignore", "text": ""})
    label.refresh_from_db()
    assert (Label.objects.count(), label.kind, label.text) == (1, "ignore", "")
    assert AuditEntry.objects.filter(action="label_message").count() == 2


def test_answer_labels_only_at_questions_and_only_with_its_values(client, queued):
    client.force_login(scenarios.make_user("admin"))
    sayur = group_of("my plate is half sayur", "diet_fibre")
    url = reverse("labelling:label", args=[sayur.pk])
    page = client.get(url).content.decode()
    assert 'value="daily"' in page and 'value="some_days"' in page
    bad = client.post(url, {"kind": "answer", "value": "days_7", "text": "my plate is half sayur"})
    assert bad.status_code == 200 and not Label.objects.exists()
    assert client.post(url, {"kind": "answer", "value": "daily", "text": "my plate is half sayur"}).status_code == 302
    assert Label.objects.get().value == "daily" and Label.objects.get().slot == "diet_fibre"
    # No question, no answer label.
    durian = group_of("is durian heaty for eczema")
    response = client.post(
        reverse("labelling:label", args=[durian.pk]), {"kind": "answer", "value": "daily", "text": "is durian heaty"}
    )
    assert response.status_code == 200 and Label.objects.count() == 1


@pytest.mark.parametrize(
    "typed,kinds,saved",
    [
        ("pls call me 012-345 6789 about eczema", "phone", "pls call me <phone> about eczema"),
        ("my number +60 12 345 6789", "phone", "my number <phone>"),
        ("email me at aisyah.a@example.com", "email", "email me at <email>"),
    ],
)
def test_personal_details_block_saving_until_the_redaction_is_confirmed(client, rasa, typed, kinds, saved):
    ls.fallback(rasa, "web-pii", text=typed)
    sync_summaries()
    queue_scan.scan()
    group = QueueGroup.objects.get()
    client.force_login(scenarios.make_user("staff"))
    url = reverse("labelling:label", args=[group.pk])
    response = client.post(url, {"kind": "intent", "intent": "ask_human", "text": typed})
    assert response.status_code == 200 and not Label.objects.exists()
    page = response.content.decode()
    assert "personal details" in page and kinds in page and saved.replace("<", "&lt;").replace(">", "&gt;") in page
    assert not AuditEntry.objects.filter(action="label_message").exists()
    response = client.post(url, {"kind": "intent", "intent": "ask_human", "text": typed, "confirm_redaction": "on"})
    assert response.status_code == 302
    label = Label.objects.get()
    assert label.text == saved and label.redacted
    assert "6789" not in label.text and "example.com" not in label.text


def test_editing_the_details_out_saves_without_a_confirmation(client, rasa):
    ls.fallback(rasa, "web-pii", text="call me 0123456789 pls")
    sync_summaries()
    queue_scan.scan()
    client.force_login(scenarios.make_user("staff"))
    url = reverse("labelling:label", args=[QueueGroup.objects.get().pk])
    assert client.post(url, {"kind": "intent", "intent": "ask_human", "text": "call me pls"}).status_code == 302
    assert Label.objects.get().text == "call me pls" and not Label.objects.get().redacted


def test_a_booking_name_from_the_conversation_counts_as_personal(client, rasa):
    s = ls.Script(ls.ago(1)).session()
    s.user("Nur Aisyah", "inform", 0.6).slot("booking_name", "Nur Aisyah").action("action_listen")
    s.user("Aisyah here, can someone call", "nlu_fallback", 0.3).action("action_default_fallback")
    s.bot("Sorry?").action("action_listen")
    ls.save_events(rasa, "web-name", s.events)
    sync_summaries()
    queue_scan.scan()
    group = QueueGroup.objects.get(key=queue_scan.group_key("", "Aisyah here, can someone call"))
    client.force_login(scenarios.make_user("staff"))
    url = reverse("labelling:label", args=[group.pk])
    response = client.post(url, {"kind": "intent", "intent": "ask_human", "text": "Aisyah here, can someone call"})
    assert response.status_code == 200 and "name" in response.content.decode() and not Label.objects.exists()


@pytest.mark.parametrize("role,can_label", [("reviewer", False), ("staff", True), ("admin", True)])
def test_roles_decide_who_labels(client, queued, role, can_label):
    user = scenarios.make_user(role)
    assert user.has_perm("labelling.label_messages") is can_label
    client.force_login(user)
    group = group_of("is durian heaty for eczema")
    url = reverse("labelling:label", args=[group.pk])
    assert client.get(reverse("labelling:queue")).status_code == 200
    page = client.get(url)
    assert page.status_code == 200 and (b"Save label" in page.content) is can_label
    response = client.post(url, {"kind": "intent", "intent": "faq_sugar", "text": "is durian heaty for eczema"})
    assert response.status_code == (302 if can_label else 403)
    assert Label.objects.exists() is can_label


def test_anonymous_users_are_sent_to_login(client, queued):
    group = group_of("is durian heaty for eczema")
    for url in (reverse("labelling:queue"), reverse("labelling:label", args=[group.pk])):
        assert client.get(url)["Location"].startswith("/login/")
    response = client.post(reverse("labelling:label", args=[group.pk]), {"kind": "ignore"})
    assert response["Location"].startswith("/login/") and not Label.objects.exists()


def test_reviewers_see_masked_texts(client, rasa):
    ls.fallback(rasa, "web-pii", text="call 012-345 6789 now")
    client.force_login(scenarios.make_user("reviewer"))
    page = client.get(reverse("labelling:queue")).content.decode()
    assert "call" in page and "6789" not in page


def test_deleting_a_person_deletes_their_queue_messages_and_the_labels_made_from_them(client, queued):
    """PDPA first: a label's text comes from the person's message, and redaction only detects phone numbers
    and emails, so a deletion request removes it too (issue 12's every-table test plants a name in one)."""
    group = group_of("my plate is half sayur", "diet_fibre")
    client.force_login(scenarios.make_user("staff"))
    client.post(
        reverse("labelling:label", args=[group.pk]),
        {"kind": "answer", "value": "daily", "text": "my plate is half sayur"},
    )
    assert Label.objects.get().value == "daily"
    delete_person(sender_id="web-sayur")
    queue_scan.cleanup()
    assert not QueueMessage.objects.filter(text="my plate is half sayur").exists()
    assert not QueueGroup.objects.filter(pk=group.pk).exists()
    assert not Label.objects.exists()


def test_analytics_show_fallback_rate_and_labelled_versus_predicted_per_intent(client, rasa):
    ranking = [
        {"name": "nlu_fallback", "confidence": 0.41},
        {"name": "faq_dairy_acne", "confidence": 0.41},
        {"name": "faq_sugar", "confidence": 0.2},
    ]
    ls.fallback(rasa, "web-1", ranking=ranking)
    ls.fallback(rasa, "web-2", ranking=ranking)
    ls.low_confidence(rasa, "web-shop")
    client.force_login(scenarios.make_user("staff"))
    client.get(reverse("labelling:queue"))
    group = group_of("is durian heaty for eczema")
    client.post(
        reverse("labelling:label", args=[group.pk]),
        {"kind": "intent", "intent": "faq_dairy_acne", "text": "is durian heaty for eczema"},
    )
    import datetime as dt

    from labelling.analytics import per_intent

    today = dt.date.today()
    stats = per_intent(today - dt.timedelta(days=10), today + dt.timedelta(days=1))
    rows = {r["intent"]: r for r in stats["rows"]}
    assert (rows["faq_dairy_acne"]["fallbacks"], rows["faq_dairy_acne"]["fallback_rate"]) == (2, 100.0)
    assert (rows["greet"]["understood"], rows["greet"]["fallbacks"], rows["greet"]["fallback_rate"]) == (2, 0, 0.0)
    assert (rows["find_branch"]["understood"], rows["find_branch"]["low_confidence"]) == (1, 1)
    assert "nlu_fallback" not in rows
    assert stats["confusion"] == [
        {"labelled": "faq_dairy_acne", "total": 2, "agree": 0, "predicted": [("nlu_fallback", 2)]}
    ]
    page = client.get(reverse("conversations:analytics")).content.decode()
    assert "Per intent" in page and "Labelled versus predicted" in page and "nlu_fallback ×2" in page


def test_a_later_session_of_the_same_person_is_scanned_too(rasa):
    ls.fallback(rasa, "wa-601", text="boleh datang hari ahad")
    sync_summaries()
    assert queue_scan.scan().added == 1
    s = ls.Script(ls.ago(0.5), "whatsapp").session()
    s.user("ada parking tak", "nlu_fallback", 0.3).action("action_default_fallback").bot("Sorry?")
    s.action("action_listen")
    ls.save_events(rasa, "wa-601", s.events)
    sync_summaries()
    assert queue_scan.scan().added == 1
    assert sorted(QueueMessage.objects.values_list("text", flat=True)) == ["ada parking tak", "boleh datang hari ahad"]


def test_labelling_works_before_any_booking_table_exists(client, rasa):
    """A fresh deployment: the action server creates booking_requests on the first booking only."""
    from django.db import connection

    ls.fallback(rasa, "web-early", text="can i bring my cat")
    sync_summaries()
    queue_scan.scan()
    with connection.cursor() as cursor:
        cursor.execute("ALTER TABLE booking_requests RENAME TO booking_requests_hidden")
    try:
        client.force_login(scenarios.make_user("staff"))
        url = reverse("labelling:label", args=[QueueGroup.objects.get().pk])
        assert client.get(url).status_code == 200
        response = client.post(url, {"kind": "out_of_scope", "text": "can i bring my cat"})
        assert response.status_code == 302 and Label.objects.get().intent == "out_of_scope"
    finally:
        with connection.cursor() as cursor:
            cursor.execute("ALTER TABLE booking_requests_hidden RENAME TO booking_requests")
