import pytest
from accounts.roles import role_of
from django.contrib.auth import authenticate
from django.core.management import CommandError, call_command
from django.test import RequestFactory


def test_create_console_user_with_role_and_password_from_env(db, monkeypatch):
    monkeypatch.setenv("NEW_PW", "a-long-enough-passphrase")
    call_command("create_console_user", "rina", "--role", "staff", "--password-env", "NEW_PW")
    user = authenticate(RequestFactory().post("/login/"), username="rina", password="a-long-enough-passphrase")
    assert user is not None and role_of(user) == "staff" and not user.is_staff
    assert user.password.startswith("md5$") or "$" in user.password  # hashed, never stored as given
    assert user.has_perm("accounts.view_contact_details") and not user.has_perm("accounts.view_audit_log")


def test_create_console_user_rejects_weak_password_and_unknown_role(db, monkeypatch):
    monkeypatch.setenv("WEAK", "123")
    with pytest.raises(CommandError):
        call_command("create_console_user", "x", "--role", "staff", "--password-env", "WEAK")
    with pytest.raises(CommandError):
        call_command("create_console_user", "x", "--role", "boss", "--password-env", "WEAK")


def test_ensure_admin_from_env_is_idempotent(db, monkeypatch, capsys):
    monkeypatch.setenv("CONSOLE_ADMIN_USERNAME", "boss")
    monkeypatch.setenv("CONSOLE_ADMIN_PASSWORD", "first-admin-passphrase")
    call_command("ensure_admin")
    admin = authenticate(RequestFactory().post("/login/"), username="boss", password="first-admin-passphrase")
    assert admin.is_superuser and role_of(admin) == "admin"
    admin.set_password("changed-later-in-console")
    admin.save()
    call_command("ensure_admin")
    assert "already exists" in capsys.readouterr().out
    assert (
        authenticate(RequestFactory().post("/login/"), username="boss", password="changed-later-in-console") is not None
    )


def test_ensure_admin_without_env_fails_clearly(db, monkeypatch):
    monkeypatch.delenv("CONSOLE_ADMIN_USERNAME", raising=False)
    monkeypatch.delenv("CONSOLE_ADMIN_PASSWORD", raising=False)
    with pytest.raises(CommandError, match="CONSOLE_ADMIN_USERNAME"):
        call_command("ensure_admin")


def test_sync_summaries_without_events_table_fails_clearly(db):
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ALTER TABLE events RENAME TO events_hidden")
    try:
        with pytest.raises(CommandError, match="no `events` table"):
            call_command("sync_summaries")
    finally:
        with connection.cursor() as cursor:
            cursor.execute("ALTER TABLE events_hidden RENAME TO events")
