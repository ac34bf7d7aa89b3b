import logging

from audit.services import record
from bookings.models import BookingRequest
from conversations.models import TrackerEvent
from conversations.services import events as ev
from conversations.services import pii
from conversations.views.listing import auto_sync
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import DatabaseError, transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from . import choices, queue, scan
from .forms import LabelForm
from .models import Label, QueueGroup

log = logging.getLogger(__name__)
LABEL_ACTION = "label_message"


def refresh_queue() -> None:
    """Summaries first (the queue hangs off them), then the queue; a big backlog is left to the
    `sync_summaries` job so the page stays fast."""
    auto_sync()
    refresh_queue_only()


def refresh_queue_only() -> None:
    try:
        waiting = scan.pending()
        if 0 < waiting <= settings.SUMMARY_AUTO_SYNC_MAX_EVENTS:
            scan.scan(max_events=settings.SUMMARY_AUTO_SYNC_MAX_EVENTS)
    except DatabaseError:
        log.warning("automatic queue scan skipped", exc_info=True)


def _shown(text: str, masked: bool) -> str:
    return pii.mask_text(text) if masked else text


@permission_required("accounts.review_conversations", raise_exception=True)
def queue_page(request):
    refresh_queue()
    status = request.GET.get("status") if request.GET.get("status") in ("open", "labelled", "all") else "open"
    reason = request.GET.get("reason", "")
    masked = not pii.can_see_contacts(request.user)
    page = Paginator(queue.groups(status, reason), settings.PAGE_SIZE).get_page(request.GET.get("page"))
    latest = queue.latest_messages([g.pk for g in page.object_list])
    labels = {lb.key: lb for lb in Label.objects.filter(key__in=[g.key for g in page.object_list])}
    questions = choices.questions()
    rows = []
    for group in page.object_list:
        message = latest.get(group.pk)
        rows.append(
            {
                "group": group,
                "message": message,
                "label": labels.get(group.key),
                "text": _shown(message.text, masked) if message else "",
                "context": _shown(message.context, masked) if message else "",
                "question": questions.get(group.slot, {}).get("label", group.slot) if group.slot else "",
            }
        )
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "labelling/queue.html",
        {
            "page": page,
            "rows": rows,
            "status": status,
            "reason": reason,
            "query": query.urlencode(),
            "masked": masked,
            "can_label": request.user.has_perm("labelling.label_messages"),
        },
    )


def _names(group: QueueGroup) -> set:
    """Names this group's conversations gave (booking form slots and booking requests), so they are
    caught in the text too."""
    names: set = set()
    senders = list(group.messages.values_list("summary__sender_id", flat=True).distinct()[:20])
    for data in TrackerEvent.objects.filter(sender_id__in=senders, type_name="slot").values_list("data", flat=True):
        event = ev.load_event(data)
        if event.get("name") in settings.NAME_SLOTS and isinstance(event.get("value"), str):
            names.add(event["value"])
    try:
        with transaction.atomic():  # a savepoint: on PostgreSQL a failed query must not poison the request
            names |= set(BookingRequest.objects.filter(sender_id__in=senders).values_list("name", flat=True))
    except DatabaseError:
        pass  # no booking_requests table until the first booking: no names from there yet
    return {n for n in names if n}


@permission_required("accounts.review_conversations", raise_exception=True)
def label_page(request, pk: int):
    group = get_object_or_404(QueueGroup, pk=pk)
    masked = not pii.can_see_contacts(request.user)
    can_label = request.user.has_perm("labelling.label_messages")
    if request.method == "POST" and not can_label:
        raise PermissionDenied
    items = list(group.messages.select_related("summary")[:50])
    newest = items[0] if items else None
    label = Label.objects.filter(key=group.key).first()
    names = _names(group) if can_label else set()
    if request.method == "POST":
        form = LabelForm(request.POST, slot=group.slot, names=names)
        if form.is_valid():
            label = _save(request.user, group, newest, form.cleaned_data)
            messages.success(request, "Label saved.")
            return redirect(f"{_queue_url()}?status=open")
    else:
        initial = {"text": newest.text if newest else ""}
        if label is not None:
            initial = {
                "kind": label.kind,
                "intent": label.intent,
                "value": label.value,
                "text": label.text or initial["text"],
            }
        form = LabelForm(initial=initial, slot=group.slot, names=names)
    question = choices.questions().get(group.slot) if group.slot else None
    return render(
        request,
        "labelling/label.html",
        {
            "group": group,
            "label": label,
            "form": form,
            "can_label": can_label,
            "masked": masked,
            "question": question,
            "items": [{"m": m, "text": _shown(m.text, masked), "context": _shown(m.context, masked)} for m in items],
            "predicted": queue.predicted(group),
        },
    )


def _queue_url() -> str:
    from django.urls import reverse

    return reverse("labelling:queue")


def _save(user, group: QueueGroup, newest, data: dict) -> Label:
    with transaction.atomic():
        label, created = Label.objects.select_for_update().get_or_create(
            key=group.key, defaults={"labelled_at": timezone.now()}
        )
        label.slot = group.slot
        label.kind = data["kind"]
        label.intent = (data.get("intent") or "") if data["kind"] == Label.INTENT else ""
        if data["kind"] == Label.OUT_OF_SCOPE:
            label.intent = "out_of_scope"
        label.value = (data.get("value") or "") if data["kind"] == Label.ANSWER else ""
        label.text = data["text"]
        label.redacted = data["redacted"]
        label.conversation = newest.summary_id if newest else None
        label.labelled_by = user
        label.labelled_by_name = user.get_username()
        label.labelled_at = timezone.now()
        label.exported_at = None  # changed: the next export writes it again
        label.predicted_intent = queue.predicted(group)
        label.messages = group.messages.count()
        label.save()
        # The audit entry names the group and the label, never the message text.
        record(
            user,
            LABEL_ACTION,
            f"queue group {group.pk}",
            label=label.pk,
            kind=label.kind,
            intent=label.intent,
            slot=label.slot,
            value=label.value,
            redacted=label.redacted,
            messages=label.messages,
            changed=not created,
        )
    return label
