import datetime as dt

from audit.models import AuditEntry
from audit.services import record
from conversations.models import ConversationSummary
from conversations.services import pii
from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from . import services
from .models import BookingRequest

BRANCHES = ["cheras", "pj", "setia_alam"]


class BookingFilterForm(forms.Form):
    branch = forms.ChoiceField(required=False, choices=[("", "")] + [(b, b) for b in BRANCHES])
    status = forms.ChoiceField(required=False, choices=[("", "")] + BookingRequest.STATUS_CHOICES)


class StatusForm(forms.Form):
    status = forms.ChoiceField(choices=BookingRequest.STATUS_CHOICES)


@permission_required("accounts.review_conversations", raise_exception=True)
def booking_list(request):
    form = BookingFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    qs = BookingRequest.objects.all()
    if filters.get("branch"):
        qs = qs.filter(branch_id=filters["branch"])
    if filters.get("status"):
        qs = qs.filter(status=filters["status"])
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    show_contacts = pii.can_see_contacts(request.user)
    # Untouched ("new") requests older than BOOKING_STALE_HOURS are highlighted.
    stale_before = timezone.now() - dt.timedelta(hours=settings.BOOKING_STALE_HOURS)
    conversation_ids = dict(
        ConversationSummary.objects.filter(sender_id__in=[b.sender_id for b in page.object_list]).values_list(
            "sender_id", "pk"
        )
    )
    rows = [
        {
            "booking": b,
            "name": b.name if show_contacts else pii.mask_name(b.name),
            "phone": b.phone_e164 if show_contacts else pii.mask_phone(b.phone_e164),
            "summary": services.parse_summary(b.summary),
            "next": services.allowed_next(b.status),
            "conversation_id": conversation_ids.get(b.sender_id),
            "stale": b.status == BookingRequest.NEW and b.created_at < stale_before,
        }
        for b in page.object_list
    ]
    counts = {(row["branch_id"], row["status"]): row["n"] for row in _counts()}
    per_branch = [
        {"branch": br, "counts": [counts.get((br, s), 0) for s, _ in BookingRequest.STATUS_CHOICES]} for br in BRANCHES
    ]
    record(
        request.user,
        AuditEntry.VIEW_BOOKINGS,
        "booking list",
        contacts_shown=show_contacts,
        bookings=[b.reference for b in page.object_list],
    )
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "bookings/list.html",
        {
            "form": form,
            "filters": filters,
            "page": page,
            "rows": rows,
            "per_branch": per_branch,
            "statuses": BookingRequest.STATUS_CHOICES,
            "branches": BRANCHES,
            "query": query.urlencode(),
            "can_work": request.user.has_perm("accounts.work_bookings"),
            "show_contacts": show_contacts,
            "now": timezone.now(),
            "stale_hours": settings.BOOKING_STALE_HOURS,
        },
    )


def _counts():
    from django.db.models import Count

    return BookingRequest.objects.order_by().values("branch_id", "status").annotate(n=Count("id"))


@require_POST
@permission_required("accounts.work_bookings", raise_exception=True)
def booking_status(request, pk: int):
    booking = get_object_or_404(BookingRequest, pk=pk)
    form = StatusForm(request.POST)
    if not form.is_valid():
        messages.error(request, "invalid_status")
    else:
        try:
            services.change_status(booking.pk, form.cleaned_data["status"], request.user)
            messages.success(request, "status_changed")
        except services.TransitionError:
            messages.error(request, "transition_not_allowed")
    return redirect(request.POST.get("next") if _safe_next(request) else "bookings:list")


def _safe_next(request) -> bool:
    from django.utils.http import url_has_allowed_host_and_scheme

    nxt = request.POST.get("next", "")
    return bool(nxt) and url_has_allowed_host_and_scheme(
        nxt, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
