"""Create the first admin from CONSOLE_ADMIN_USERNAME / CONSOLE_ADMIN_PASSWORD (idempotent).

An existing account is left as it is, so a password changed in the console survives restarts."""

import os

from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from accounts.roles import ADMIN, create_or_update_user, ensure_roles


class Command(BaseCommand):
    help = "Ensure the role groups exist and create the first admin from the environment."

    def handle(self, *args, **options):
        ensure_roles()
        username = os.environ.get("CONSOLE_ADMIN_USERNAME", "").strip()
        password = os.environ.get("CONSOLE_ADMIN_PASSWORD", "")
        if not username or not password:
            raise CommandError("set CONSOLE_ADMIN_USERNAME and CONSOLE_ADMIN_PASSWORD")
        if get_user_model().objects.filter(username=username).exists():
            self.stdout.write(f"admin {username} already exists; left unchanged")
            return
        try:
            validate_password(password)
        except ValidationError as exc:
            raise CommandError("; ".join(exc.messages)) from exc
        create_or_update_user(username, password, ADMIN)
        self.stdout.write(f"created admin {username}")
