"""Sign-ins and failed sign-ins go to the audit log too (who had access, and guessing attempts)."""
from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.dispatch import receiver

from .services import record


@receiver(user_logged_in)
def _logged_in(sender, request, user, **kwargs):
    record(user, "login")


@receiver(user_login_failed)
def _login_failed(sender, credentials, request=None, **kwargs):
    # Only the username tried; never the password.
    record(None, "login_failed", f"user {str(credentials.get('username', ''))[:150]}", actor="anonymous")
