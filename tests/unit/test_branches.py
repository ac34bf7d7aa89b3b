import datetime as dt
import textwrap

import pytest

from skincheck.booking import load_booking_texts
from skincheck.branches import (
    branch_by_id,
    closed_days,
    contact_lines,
    hours_on,
    is_open_on,
    is_within_hours,
    load_branches,
    next_open_day,
    todays_hours_text,
    weekly_hours_lines,
)
from skincheck.content import ContentError
from tests.support.scopes import content_scope

WED = dt.date(2026, 11, 25)
SAT, SUN = dt.date(2026, 11, 28), dt.date(2026, 11, 29)


@pytest.fixture(scope=content_scope)
def branches():
    return {b.id: b for b in load_branches("content/branches.yml")}


@pytest.fixture(scope=content_scope)
def texts(branches):
    return load_booking_texts("content/booking.yml", list(branches.values()))


def test_the_three_branches_exist(branches):
    assert set(branches) == {"cheras", "pj", "setia_alam"}
    for b in branches.values():
        assert b.name.startswith("NextMed Clinic")
        assert len(f"Book at {b.short_name}") <= 20


def test_placeholders_are_never_shown(branches, texts):
    # The shipped file has only TO_FILL_BY_CLINIC contact details: nothing may be shown.
    for b in branches.values():
        assert all(value is None for value in b.contact.values())
        assert contact_lines(texts, b) == []
        for line in weekly_hours_lines(texts, b) + [todays_hours_text(texts, b, WED)]:
            assert "TO_FILL" not in line


def test_unconfirmed_hours_carry_the_call_to_confirm_note(branches, texts):
    text = todays_hours_text(texts, branches["pj"], WED)
    assert text.startswith("Open today: 9am-6pm.")
    assert "call the clinic to confirm" in text


def test_weekly_hours_are_grouped(branches, texts):
    assert weekly_hours_lines(texts, branches["cheras"]) == ["Mon-Fri: 9am-6pm", "Sat: 9am-1pm", "Sun: closed"]


def test_hours_weekly_closed_and_holidays(branches):
    pj = branches["pj"]
    assert is_open_on(pj, WED) and is_open_on(pj, SAT)
    assert not is_open_on(pj, SUN)
    assert hours_on(pj, SUN).holiday is None
    christmas = hours_on(pj, dt.date(2026, 12, 25))
    assert not christmas.open and christmas.holiday == "Christmas Day"
    assert next_open_day(pj, dt.date(2026, 12, 24)) == dt.date(2026, 12, 26)  # Fri holiday -> Saturday
    assert closed_days(pj, SAT, 2) == [SUN]
    assert is_within_hours(pj, SAT, dt.time(12, 59)) and not is_within_hours(pj, SAT, dt.time(13, 0))


def _load(tmp_path, hours='"09:00-18:00"', contact=None, extra="", confirmed="true"):
    contact = contact or {
        "phone": "TO_FILL_BY_CLINIC",
        "whatsapp": "TO_FILL_BY_CLINIC",
        "booking_link": "TO_FILL_BY_CLINIC",
        "address": "TO_FILL_BY_CLINIC",
    }
    contact_yaml = "\n".join(f"      {k}: {v}" for k, v in contact.items())
    days = "\n".join(
        f"      {d}: {hours if d == 'monday' else 'closed'}"
        for d in ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
    )
    body = (
        textwrap.dedent("""\
        branches:
          - id: pj
            name: NextMed Clinic Petaling Jaya
            short_name: PJ
            locality: Petaling Jaya
            lat: 3.11
            lon: 101.61
            hours_confirmed: CONFIRMED
            hours:
        """).replace("CONFIRMED", confirmed)
        + days
        + "\n    contact:\n"
        + contact_yaml
        + "\n"
        + extra
    )
    path = tmp_path / "branches.yml"
    path.write_text(body)
    return load_branches(path)


def test_bad_hours_name_branch_and_field(tmp_path):
    with pytest.raises(ContentError) as err:
        _load(tmp_path, hours="9am-6pm")
    assert str(err.value).endswith("branches.yml: branches[pj].hours.monday: '9am-6pm' is not HH:MM-HH:MM")
    with pytest.raises(ContentError, match=r"branches\[pj\].hours.monday: '18:00-09:00' closes before it opens"):
        _load(tmp_path, hours='"18:00-09:00"')


def test_split_sessions_and_confirmed_hours(tmp_path, texts):
    (pj,) = _load(tmp_path, hours='"09:00-13:00, 14:00-21:00"')
    monday = dt.date(2026, 11, 30)
    assert hours_on(pj, monday).sessions == ((dt.time(9), dt.time(13)), (dt.time(14), dt.time(21)))
    assert not is_within_hours(pj, monday, dt.time(13, 30))
    assert todays_hours_text(texts, pj, monday) == "Open today: 9am-1pm, 2pm-9pm."  # confirmed: no note


def test_known_contact_lines_shown_unknown_skipped(tmp_path, texts):
    (pj,) = _load(
        tmp_path,
        contact={
            "phone": '"+60 3-7956 1234"',
            "whatsapp": "TO_FILL_BY_CLINIC",
            "booking_link": '"https://example.com/book"',
            "address": '""',
        },
    )
    assert contact_lines(texts, pj) == ["Phone: +60 3-7956 1234", "Book online: https://example.com/book"]


def test_bad_contact_values_are_named(tmp_path):
    with pytest.raises(ContentError, match=r"branches\[pj\].contact.phone: '12' is not a valid phone number"):
        _load(tmp_path, contact={"phone": '"12"', "whatsapp": "", "booking_link": "", "address": ""})
    with pytest.raises(ContentError, match=r"branches\[pj\].contact.booking_link: .*https://"):
        _load(tmp_path, contact={"phone": "", "whatsapp": "", "booking_link": "www.x.com", "address": ""})


def test_missing_weekday_and_bad_closed_date(tmp_path):
    path = tmp_path / "b.yml"
    path.write_text(
        textwrap.dedent("""\
        branches:
          - {id: pj, name: N, short_name: PJ, locality: PJ, lat: 3.1, lon: 101.6, hours_confirmed: false,
             hours: {monday: closed}, contact: {}}
    """)
    )
    with pytest.raises(ContentError, match=r"branches\[pj\].hours.tuesday: missing"):
        load_branches(path)
    with pytest.raises(ContentError, match=r"branches\[pj\].closed_dates\[0\]: '2026-13-01' is not a date"):
        _load(tmp_path, extra="    closed_dates: ['2026-13-01']\n")


MON, TUE = dt.date(2026, 11, 30), dt.date(2026, 12, 1)


def test_hours_lines_in_malay(tmp_path, texts):
    """A Malay speaker reads the hours, the closed days and the call-to-confirm note in Malay."""
    (confirmed,) = _load(tmp_path, hours='"09:00-13:00, 14:00-21:00"')
    assert todays_hours_text(texts, confirmed, MON, "ms") == "Dibuka hari ini: 9am-1pm, 2pm-9pm."
    assert todays_hours_text(texts, confirmed, TUE, "ms") == "Tutup hari ini."
    assert weekly_hours_lines(texts, confirmed, "ms") == ["Isn: 9am-1pm, 2pm-9pm", "Sel-Ahd: tutup"]
    (unconfirmed,) = _load(tmp_path, confirmed="false")
    assert todays_hours_text(texts, unconfirmed, MON, "ms") == (
        "Dibuka hari ini: 9am-6pm. Sila telefon klinik untuk mengesahkan waktu operasi sebelum datang."
    )


def test_a_holiday_on_an_open_day_is_named_in_either_language(tmp_path, texts):
    (pj,) = _load(tmp_path, extra="    closed_dates: [{date: 2026-11-30, name: Hari Pelancaran}]\n")
    assert todays_hours_text(texts, pj, MON) == "Closed today (Hari Pelancaran)."
    assert todays_hours_text(texts, pj, MON, "ms") == "Tutup hari ini (Hari Pelancaran)."
    assert not is_within_hours(pj, MON, dt.time(10))  # no sessions on a holiday


def test_a_holiday_on_a_day_closed_anyway_is_just_closed(tmp_path, texts):
    """Naming a holiday only explains why a normally open day is closed."""
    (pj,) = _load(tmp_path, extra="    closed_dates: [{date: 2026-12-01, name: Hari Pelancaran}]\n")
    assert todays_hours_text(texts, pj, TUE) == "Closed today."
    assert hours_on(pj, TUE).holiday is None


def test_a_week_open_one_day_only(tmp_path, texts):
    (pj,) = _load(tmp_path)
    assert weekly_hours_lines(texts, pj) == ["Mon: 9am-6pm", "Tue-Sun: closed"]


def test_times_are_written_the_malaysian_way(tmp_path, texts):
    (pj,) = _load(tmp_path, hours='"00:00-09:30, 12:00-12:45, 13:00-23:59"')
    assert todays_hours_text(texts, pj, MON) == "Open today: 12am-9:30am, 12pm-12:45pm, 1pm-11:59pm."


def test_open_from_the_opening_minute(tmp_path):
    (pj,) = _load(tmp_path)
    assert is_within_hours(pj, MON, dt.time(9, 0)) and not is_within_hours(pj, MON, dt.time(8, 59))


def test_the_next_open_day_is_looked_for_exactly_as_many_days_ahead_as_asked(tmp_path):
    (pj,) = _load(tmp_path)  # open on Mondays only
    friday = dt.date(2026, 11, 27)  # the next Monday is 3 days later
    assert next_open_day(pj, friday, within_days=3) == MON
    assert next_open_day(pj, friday, within_days=2) is None


def test_known_contact_lines_in_malay(tmp_path, texts):
    (pj,) = _load(
        tmp_path,
        contact={
            "phone": '"+60 3-7956 1234"',
            "whatsapp": '"+60 12-345 6789"',
            "booking_link": "TO_FILL_BY_CLINIC",
            "address": '"Jalan 1, Petaling Jaya"',
        },
    )
    assert contact_lines(texts, pj, "ms") == [
        "Telefon: +60 3-7956 1234",
        "WhatsApp: +60 12-345 6789",
        "Alamat: Jalan 1, Petaling Jaya",
    ]


def test_a_branch_is_found_by_its_id_and_an_unknown_id_finds_none(branches):
    """A booking names its branch by id; an id no longer in branches.yml (a renamed branch) finds nothing."""
    listed = list(branches.values())
    assert branch_by_id(listed, "setia_alam") is branches["setia_alam"]
    assert branch_by_id(listed, "klang") is None
