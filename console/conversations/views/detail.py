from audit.models import AuditEntry
from audit.services import record
from bookings.models import BookingRequest
from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from ..forms import NoteForm, ReviewForm, TagsForm
from ..models import ConversationSummary, Note, Tag
from ..services import pii
from ..services.transcript import build_transcript


@permission_required("accounts.review_conversations", raise_exception=True)
def conversation_detail(request, pk: int):
    summary = get_object_or_404(ConversationSummary, pk=pk)
    masked = not pii.can_see_contacts(request.user)
    items = build_transcript(summary.sender_id, masked)
    bookings = list(BookingRequest.objects.filter(sender_id=summary.sender_id))
    record(request.user, AuditEntry.VIEW_CONVERSATION, f"conversation {summary.pk}", masked=masked)
    return render(
        request,
        "conversations/detail.html",
        {
            "summary": summary,
            "sender": pii.sender_for(summary.sender_id, masked),
            "items": items,
            "bookings": bookings,
            "masked": masked,
            "notes": summary.notes.select_related("author"),
            "review_form": ReviewForm(initial={"review_status": summary.review_status}),
            "note_form": NoteForm(),
            "tags_form": TagsForm(initial={"tags": ", ".join(t.name for t in summary.tags.all())}),
        },
    )


@require_POST
@permission_required("accounts.review_conversations", raise_exception=True)
def conversation_review(request, pk: int):
    summary = get_object_or_404(ConversationSummary, pk=pk)
    form = ReviewForm(request.POST)
    if form.is_valid():
        # update() touches only staff-owned columns, so a concurrent summary sync is not undone.
        status = form.cleaned_data["review_status"]
        ConversationSummary.objects.filter(pk=pk).update(
            review_status=status, reviewed_by=request.user, reviewed_at=timezone.now()
        )
        record(request.user, AuditEntry.REVIEW_CONVERSATION, f"conversation {pk}", status=status)
    else:
        messages.error(request, "invalid_review_status")
    return redirect("conversations:detail", pk=summary.pk)


@require_POST
@permission_required("accounts.review_conversations", raise_exception=True)
def conversation_note(request, pk: int):
    summary = get_object_or_404(ConversationSummary, pk=pk)
    form = NoteForm(request.POST)
    if form.is_valid():
        Note.objects.create(summary=summary, author=request.user, text=form.cleaned_data["text"])
        record(request.user, AuditEntry.ADD_NOTE, f"conversation {pk}")
    else:
        messages.error(request, "invalid_note")
    return redirect("conversations:detail", pk=summary.pk)


@require_POST
@permission_required("accounts.review_conversations", raise_exception=True)
def conversation_tags(request, pk: int):
    summary = get_object_or_404(ConversationSummary, pk=pk)
    form = TagsForm(request.POST)
    if form.is_valid():
        with transaction.atomic():
            tags = [Tag.objects.get_or_create(name=name)[0] for name in form.cleaned_data["tags"]]
            summary.tags.set(tags)
        record(request.user, AuditEntry.CHANGE_TAGS, f"conversation {pk}", tags=form.cleaned_data["tags"])
    else:
        messages.error(request, "invalid_tags")
    return redirect("conversations:detail", pk=summary.pk)
