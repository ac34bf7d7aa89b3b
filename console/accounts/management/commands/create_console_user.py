"""Create (or reset) a console account: manage.py create_console_user NAME --role staff.

The password comes from --password-env (name of an environment variable) or an interactive
prompt, so it never appears in shell history or process lists."""

import getpass
import os

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from accounts.roles import ROLES, create_or_update_user


class Command(BaseCommand):
    help = "Create or update a console user with a role (reviewer, staff, admin)."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--role", required=True, choices=ROLES)
        parser.add_argument("--email", default="")
        parser.add_argument("--password-env", help="environment variable holding the password")

    def handle(self, *args, username, role, email, password_env, **options):
        if password_env:
            password = os.environ.get(password_env, "")
            if not password:
                raise CommandError(f"environment variable {password_env} is empty or not set")
        else:
            password = getpass.getpass("Password: ")
            if password != getpass.getpass("Password (again): "):
                raise CommandError("passwords do not match")
        try:
            validate_password(password)
        except ValidationError as exc:
            raise CommandError("; ".join(exc.messages)) from exc
        _, created = create_or_update_user(username, password, role, email)
        self.stdout.write(f"{'created' if created else 'updated'} {username} ({role})")
