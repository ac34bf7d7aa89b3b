"""Roles are Django groups holding console permissions; a user has exactly one role."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.db.models import Q

REVIEWER, STAFF, ADMIN = "reviewer", "staff", "admin"
ROLES = (REVIEWER, STAFF, ADMIN)

# Plain names are accounts permissions; "app.codename" names a permission another console app defines.
ROLE_PERMISSIONS: dict[str, list[str]] = {
    REVIEWER: ["review_conversations", "export_conversations"],
    STAFF: [
        "review_conversations",
        "export_conversations",
        "view_contact_details",
        "work_bookings",
        "delete_person_data",
        "labelling.label_messages",
    ],
    ADMIN: [
        "review_conversations",
        "export_conversations",
        "view_contact_details",
        "work_bookings",
        "delete_person_data",
        "view_audit_log",
        "labelling.label_messages",
    ],
}


def ensure_roles() -> dict[str, Group]:
    """Creates the role groups and (re)sets their permissions; safe to run any number of times."""
    groups = {}
    with transaction.atomic():
        for role, codenames in ROLE_PERMISSIONS.items():
            group, _ = Group.objects.get_or_create(name=role)
            query = Q(pk__in=[])
            for name in codenames:
                app_label, _, codename = name.rpartition(".")
                query |= Q(content_type__app_label=app_label or "accounts", codename=codename)
            group.permissions.set(Permission.objects.filter(query))
            groups[role] = group
    return groups


def ensure_roles_after_migrate(**_kwargs) -> None:
    ensure_roles()


def role_of(user) -> str:
    if not user.is_authenticated:
        return ""
    if user.is_superuser:
        return ADMIN
    names = set(user.groups.values_list("name", flat=True))
    for role in (ADMIN, STAFF, REVIEWER):
        if role in names:
            return role
    return ""


def create_or_update_user(username: str, password: str, role: str, email: str = ""):
    """Creates the account (or resets its password and role). Admins may use Django admin."""
    if role not in ROLES:
        raise ValueError(f"role must be one of {', '.join(ROLES)}")
    groups = ensure_roles()
    User = get_user_model()
    with transaction.atomic():
        user, created = User.objects.get_or_create(username=username, defaults={"email": email})
        if email:
            user.email = email
        user.set_password(password)
        user.is_active = True
        user.is_staff = role == ADMIN  # Django's flag for /admin/ access, not the console "staff" role
        user.is_superuser = role == ADMIN
        user.save()
        user.groups.set([groups[role]])
    return user, created
