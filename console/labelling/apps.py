from django.apps import AppConfig
from django.db.models.signals import post_migrate


class LabellingConfig(AppConfig):
    """ "Needs labelling": misunderstood user messages, staff labels, export into training data."""

    name = "labelling"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from accounts.roles import ensure_roles_after_migrate

        # Roles are set after the accounts app migrates, before this app's permission exists on a
        # first migrate; setting them again here grants label_messages to staff and admins.
        post_migrate.connect(ensure_roles_after_migrate, sender=self)
