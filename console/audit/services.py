import hashlib
import hmac

from django.conf import settings

from .models import AuditEntry


def record(user, action: str, target: str = "", **detail) -> AuditEntry:
    """Writes one audit entry; `user` may be None for cron jobs and management commands."""
    is_user = user is not None and getattr(user, "is_authenticated", False)
    return AuditEntry.objects.create(
        user=user if is_user else None,
        username=user.get_username() if is_user else detail.pop("actor", "system"),
        action=action,
        target=target[:200],
        detail=detail,
    )


def fingerprint(identifier: str) -> str:
    """Keyed hash of a deleted person's identifier: an auditor holding the identifier can confirm
    the deletion was done, while the log never stores the phone number or sender id itself."""
    digest = hmac.new(settings.SECRET_KEY.encode(), identifier.strip().encode(), hashlib.sha256)
    return digest.hexdigest()[:16]
