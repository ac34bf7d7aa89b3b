"""PDPA (issue 12, item 8): delete_person and purge_expired reach every table that holds personal
data. One person is planted in every such table, under every id they have (WhatsApp conversation
wa:<number>, a web conversation found through their booking's phone number, the number itself);
afterwards no row anywhere mentions them. The tables are enumerated from the database itself:
a new table fails this test until it is listed below as holding personal data (and planted) or
as holding none."""

import datetime as dt

import pytest
from conversations.models import ConversationSummary, FallbackMessage, Note, Tag
from conversations.services.retention import delete_person, purge_expired
from conversations.services.summary_sync import sync_summaries
from django.db import connection
from django.utils import timezone
from labelling.models import Label, QueueGroup, QueueMessage

from storage import handoffs, whatsapp

from . import scenarios

NUMBER = scenarios.PHONE_E164.lstrip("+")  # 60123456789: the web booking's phone, and their WhatsApp
WA_CONVERSATION = f"wa:{NUMBER}"
WEB_CONVERSATION = "web:aisyah"
NEEDLES = [NUMBER, WEB_CONVERSATION, "aisyah", "Aisyah", "0123456789", "012-345"]

# Tables where a person's data lives; each is planted below and must be empty of them afterwards.
PERSONAL = {
    "events",
    "tracker_windows",
    "booking_requests",
    "handoff_requests",
    "whatsapp_contacts",
    "whatsapp_numbered_options",
    "whatsapp_processed_messages",
    "conversations_conversationsummary",
    "conversations_conversationtext",
    "conversations_fallbackmessage",
    "conversations_note",
    "conversations_conversationsummary_tags",
    "labelling_queuemessage",
    "labelling_label",
}
# Tables with no patient data: staff accounts and their sign-in records, the audit log (console ids
# and keyed fingerprints only), hashed rate-limit counters and hashed label groups, bookkeeping.
NONE = {
    "auth_group",
    "auth_group_permissions",
    "auth_permission",
    "auth_user",
    "auth_user_groups",
    "auth_user_user_permissions",
    "django_admin_log",
    "django_content_type",
    "django_migrations",
    "django_session",
    "audit_auditentry",
    "axes_accessattempt",
    "axes_accessattemptexpiration",
    "axes_accessfailurelog",
    "axes_accesslog",
    "conversations_syncstate",
    "conversations_tag",
    "inbox_notification",
    "inbox_staffbranch",
    "labelling_queuegroup",
    "labelling_scanstate",
    "rate_limit_counters",
    "accounts_consolepermission",
    "sqlite_sequence",
}


def _text_columns(table):
    with connection.cursor() as cursor:
        description = connection.introspection.get_table_description(cursor, table)
    return [column.name for column in description]


def mentions(table: str, summary_pks) -> int:
    """Rows of `table` that mention the person (any column, compared as text) or point at one of
    their conversations by console number."""
    qn = connection.ops.quote_name
    cast = "TEXT" if connection.vendor != "postgresql" else "text"
    clauses, params = [], []
    for column in _text_columns(table):
        for needle in NEEDLES:
            clauses.append(f"CAST({qn(column)} AS {cast}) LIKE %s")
            params.append(f"%{needle}%")
        if summary_pks and column in ("conversation", "summary_id", "conversationsummary_id"):
            clauses.append(f"{qn(column)} IN ({', '.join(['%s'] * len(summary_pks))})")
            params.extend(summary_pks)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*) FROM {qn(table)} WHERE {' OR '.join(clauses)}", params)
        return cursor.fetchone()[0]


def plant_everywhere(rasa):
    scenarios.web_booking(rasa, sender_id=WEB_CONVERSATION)  # books with the phone 012-345 6789
    scenarios.whatsapp_red_flag(rasa, sender_id=WA_CONVERSATION)
    scenarios.web_fallback(rasa)  # someone else, who must stay
    sync_summaries()
    person = ConversationSummary.objects.get(sender_id=WA_CONVERSATION)
    web = ConversationSummary.objects.get(sender_id=WEB_CONVERSATION)
    staff = scenarios.make_user("staff")
    Note.objects.create(summary=web, author=staff, text="Called back, all fine")
    FallbackMessage.objects.create(
        summary=person,
        event_id=10**9 + 1,
        at=timezone.now(),
        text="call me on 0123456789",
        normalized="call me on 0123456789",
    )
    web.tags.add(Tag.objects.create(name="follow up"))
    group = QueueGroup.objects.create(key="f" * 64, slot="")
    QueueMessage.objects.create(
        group=group,
        summary=person,
        event_id=10**9,
        at=timezone.now(),
        text="my number is 0123456789",
        intent="nlu_fallback",
    )
    Label.objects.create(
        key="f" * 64,
        kind="intent",
        intent="inform",
        text="i am aisyah",
        conversation=web.pk,
        labelled_at=timezone.now(),
    )
    handoffs.request_handoff(rasa.engine, sender_id=WA_CONVERSATION, reason="human", channel="whatsapp")
    handoffs.request_handoff(rasa.engine, sender_id=WEB_CONVERSATION, reason="fallback", channel="webchat")
    whatsapp.record_inbound(NUMBER, engine=rasa.engine)
    whatsapp.save_numbered_options("whatsapp", NUMBER, [("Cheras", "/inform")], engine=rasa.engine)
    whatsapp.claim_message("wamid.HBgLNjAxMjM0NTY3ODkVAgASGBQzAAA=", engine=rasa.engine, wa_id=NUMBER)
    return [person.pk, web.pk]


def test_every_table_is_classified(rasa):
    tables = set(connection.introspection.table_names())
    unknown = tables - PERSONAL - NONE
    assert not unknown, f"new tables: list them in PERSONAL (and plant and delete the data) or NONE: {unknown}"


@pytest.mark.parametrize("by", ["phone", "sender_id"])
def test_delete_person_leaves_nothing_of_them_in_any_table(rasa, by):
    pks = plant_everywhere(rasa)
    tables = sorted(set(connection.introspection.table_names()) & PERSONAL)
    before = {table: mentions(table, pks) for table in tables}
    assert all(before.values()), {t: n for t, n in before.items() if not n}  # planted in every table
    if by == "phone":
        delete_person(phone="012-345 6789")
    else:
        delete_person(sender_id=WA_CONVERSATION)
        delete_person(sender_id=WEB_CONVERSATION)
    everywhere = sorted(connection.introspection.table_names())
    left = {table: mentions(table, pks) for table in everywhere if table not in ("audit_auditentry",)}
    assert not any(left.values()), {t: n for t, n in left.items() if n}
    assert ConversationSummary.objects.filter(sender_id="web:confused").exists()  # nobody else


def test_purge_expired_covers_the_same_tables(rasa):
    pks = plant_everywhere(rasa)
    later = timezone.now() + dt.timedelta(days=400)
    ConversationSummary.objects.filter(pk__in=pks).update(last_at=timezone.now() - dt.timedelta(days=1))
    purge_expired(retention_days=365, now=later)
    left = {
        table: mentions(table, pks)
        for table in sorted(connection.introspection.table_names())
        if table != "audit_auditentry"
    }
    assert not any(left.values()), {t: n for t, n in left.items() if n}
