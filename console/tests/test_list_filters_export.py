"""Filters, search and CSV export over conversations seeded in Rasa's event format."""

import csv
import datetime as dt
import io

import pytest
from audit.models import AuditEntry
from conversations.models import ConversationSummary, Tag
from conversations.services.summary_sync import sync_summaries
from django.http import StreamingHttpResponse
from django.urls import reverse

from . import scenarios


@pytest.fixture
def staff_client(client, rasa):
    scenarios.seed_all(rasa)
    sync_summaries()
    client.force_login(scenarios.make_user("staff"))
    return client


def senders(client, **params):
    response = client.get(reverse("conversations:export"), params)
    assert isinstance(response, StreamingHttpResponse)
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    return sorted(r["sender"] for r in rows)


ALL = sorted(["web:aisyah", scenarios.WA_SENDER, "web:confused"])


@pytest.mark.parametrize(
    "params,expected",
    [
        ({}, ALL),
        ({"channel": "whatsapp"}, [scenarios.WA_SENDER]),
        ({"channel": "web"}, ["web:aisyah", "web:confused"]),
        ({"concern": "acne"}, ["web:aisyah"]),
        ({"band": "moderate"}, ["web:aisyah"]),
        ({"urgency": "emergency"}, [scenarios.WA_SENDER]),
        ({"red_flag": "yes"}, [scenarios.WA_SENDER]),
        ({"red_flag": "no"}, ["web:aisyah", "web:confused"]),
        ({"consent": "no"}, ["web:confused"]),
        ({"booking": "yes"}, ["web:aisyah"]),
        ({"branch": "setia_alam"}, ["web:aisyah"]),
        ({"fallback": "yes"}, ["web:confused"]),
        ({"review": "reviewed"}, []),
        ({"q": "BREAKING out"}, ["web:aisyah"]),  # user text, case-insensitive, all words
        ({"q": "emergency department"}, [scenarios.WA_SENDER]),  # bot text
        ({"q": "durian"}, ["web:confused"]),
        ({"q": "durian acne"}, ["web:confused"]),  # user + bot text of one conversation
        ({"q": "durian booking"}, []),
        ({"channel": "web", "consent": "yes"}, ["web:aisyah"]),
        ({"language": "ms"}, [scenarios.WA_SENDER]),  # the language slot
        ({"language": "en"}, ["web:aisyah"]),  # the page's language (metadata), no slot
        ({"channel": "bogus"}, ALL),  # an invalid filter is ignored, not a crash
    ],
)
def test_filters_and_search(staff_client, params, expected):
    assert senders(staff_client, **params) == expected


def test_date_range_filter(staff_client):
    today = dt.date.today()
    recent = {"date_from": (today - dt.timedelta(days=3)).isoformat(), "date_to": today.isoformat()}
    assert senders(staff_client, **recent) == sorted(["web:aisyah", scenarios.WA_SENDER])
    old = {
        "date_from": (today - dt.timedelta(days=12)).isoformat(),
        "date_to": (today - dt.timedelta(days=8)).isoformat(),
    }
    assert senders(staff_client, **old) == ["web:confused"]


def test_review_status_and_tag_filters(staff_client):
    summary = ConversationSummary.objects.get(sender_id="web:confused")
    staff_client.post(reverse("conversations:review", args=[summary.pk]), {"review_status": "follow_up"})
    staff_client.post(reverse("conversations:tags", args=[summary.pk]), {"tags": "Wrong intent, durian"})
    assert senders(staff_client, review="follow_up") == ["web:confused"]
    assert senders(staff_client, tag="wrong intent") == ["web:confused"]
    assert set(Tag.objects.values_list("name", flat=True)) == {"wrong intent", "durian"}


def test_list_page_shows_filtered_rows_and_paginates(staff_client, settings):
    page = staff_client.get(reverse("conversations:list"), {"channel": "web"}).content.decode()
    assert "web:aisyah" in page and "web:confused" in page and scenarios.WA_SENDER not in page
    settings.PAGE_SIZE = 2
    first = staff_client.get(reverse("conversations:list")).content.decode()
    second = staff_client.get(reverse("conversations:list"), {"page": 2}).content.decode()
    assert "Page 1 of 2" in first and "Page 2 of 2" in second
    assert "web:confused" in second and "web:confused" not in first  # oldest activity last


def test_list_and_detail_show_the_language(staff_client):
    page = staff_client.get(reverse("conversations:list"), {"language": "ms"}).content.decode()
    assert scenarios.WA_SENDER[-4:] in page and "web:aisyah" not in page
    assert "<td>Bahasa Melayu</td>" in page.replace("\n", "")
    summary = ConversationSummary.objects.get(language="ms")
    detail = staff_client.get(reverse("conversations:detail", args=[summary.pk])).content.decode()
    assert "<b>Language</b>Bahasa Melayu" in detail.replace("\n", "")


def test_export_is_streamed_audited_and_has_summary_columns(staff_client):
    response = staff_client.get(reverse("conversations:export"), {"concern": "acne"})
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert len(rows) == 1
    row = rows[0]
    assert (row["channel"], row["concern"], row["band"], row["urgency"], row["branch"]) == (
        "web",
        "acne",
        "moderate",
        "routine",
        "setia_alam",
    )
    assert row["booking_requested"] == "1" and row["booking_reference"] == "NM-7K3Q9P"
    entry = AuditEntry.objects.get(action=AuditEntry.EXPORT_CONVERSATIONS)
    assert entry.username == "staff1" and entry.detail["filters"] == {"concern": "acne"}


def test_export_neutralises_spreadsheet_formulas(staff_client, rasa):
    from .rasa_db import Script, save_events

    save_events(rasa, '=HYPERLINK("http://x")', Script(dt.datetime.now().timestamp()).user("hi", "greet").events)
    sync_summaries()
    assert '\'=HYPERLINK("http://x")' in senders(staff_client)


def test_automatic_sync_before_list_shows_new_conversations(staff_client, rasa):
    from .rasa_db import Script, save_events

    save_events(rasa, "web-new", Script(dt.datetime.now().timestamp()).user("hello there", "greet").events)
    assert "web-new" in staff_client.get(reverse("conversations:list")).content.decode()
