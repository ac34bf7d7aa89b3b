"""Sign-ins and failed sign-ins go to the audit log too (who had access, and guessing attempts)."""

from axes.signals import user_locked_out
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


@receiver(user_locked_out)
def _locked_out(sender, request, username, ip_address, **kwargs):
    # django-axes refused further sign-ins for this username and/or address for a while.
    record(
        None,
        "login_locked_out",
        f"user {str(username or '')[:150]}",
        actor="anonymous",
        ip_address=str(ip_address or "")[:64],
    )
