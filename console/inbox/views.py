"""The Inbox pages: the queue, one request with its transcript, and the staff actions."""

from audit.models import AuditEntry
from audit.services import record
from bookings.views import BRANCHES
from conversations.models import ConversationSummary
from conversations.services import pii
from conversations.services.transcript import build_transcript
from conversations.views.listing import auto_sync
from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from .models import HandoffRequest, StaffBranch
from .services import queue, rasa_api, template_hook, workflow


class ReplyForm(forms.Form):
    text = forms.CharField(max_length=workflow.MAX_REPLY_CHARS, strip=True)


class BranchForm(forms.Form):
    branch = forms.ChoiceField(choices=[("", "")] + [(b, b) for b in BRANCHES], required=False)


@permission_required("accounts.review_conversations", raise_exception=True)
def inbox_list(request):
    auto_sync()
    masked = not pii.can_see_contacts(request.user)
    entries = queue.active_entries(request.user)
    record(request.user, "view_inbox", "inbox", entries=[e.handoff.pk for e in entries])
    return render(
        request,
        "inbox/list.html",
        {
            "entries": entries,
            "closed": queue.recently_closed(),
            "now": timezone.now(),
            "masked": masked,
            "my_branch": queue.branch_of(request.user),
            "branches": BRANCHES,
        },
    )


@require_POST
@permission_required("accounts.review_conversations", raise_exception=True)
def my_branch(request):
    form = BranchForm(request.POST)
    if form.is_valid():
        branch = form.cleaned_data["branch"]
        if branch:
            StaffBranch.objects.update_or_create(user=request.user, defaults={"branch_id": branch})
        else:
            StaffBranch.objects.filter(user=request.user).delete()
        messages.success(request, "Your branch is saved: its requests are listed first.")
    return redirect("inbox:list")


@permission_required("accounts.review_conversations", raise_exception=True)
def handoff_detail(request, pk: int):
    auto_sync()
    handoff = get_object_or_404(HandoffRequest, pk=pk)
    masked = not pii.can_see_contacts(request.user)
    summary = ConversationSummary.objects.filter(sender_id=handoff.sender_id).first()
    window = workflow.whatsapp_window(handoff, summary.channel if summary else "")
    record(request.user, AuditEntry.VIEW_CONVERSATION, f"handoff {pk}", masked=masked)
    return render(
        request,
        "inbox/detail.html",
        {
            "handoff": handoff,
            "summary": summary,
            "items": build_transcript(handoff.sender_id, masked),
            "sender": pii.sender_for(handoff.sender_id, masked),
            "can_reply": workflow.can_reply(request.user),
            "window": window,
            "template_available": template_hook.available(handoff),
            "template_name": template_hook.template_name(),
            "form": ReplyForm(),
            "now": timezone.now(),
            "masked": masked,
        },
    )


def _active(pk: int, user) -> HandoffRequest:
    if not workflow.can_reply(user):
        raise PermissionDenied("reviewers cannot write to the person")
    return get_object_or_404(HandoffRequest, pk=pk, status__in=[HandoffRequest.OPEN, HandoffRequest.HELD])


@require_POST
@permission_required("accounts.review_conversations", raise_exception=True)
def handoff_reply(request, pk: int):
    handoff = _active(pk, request.user)
    form = ReplyForm(request.POST)
    if not form.is_valid():
        messages.error(request, f"A reply needs some text (at most {workflow.MAX_REPLY_CHARS} characters).")
        return redirect("inbox:detail", pk=pk)
    try:
        joined = workflow.reply(handoff, request.user, form.cleaned_data["text"])
    except workflow.WindowClosed:
        messages.error(request, "WhatsApp's 24-hour window is closed: no free-form message was sent.")
    except rasa_api.RasaUnavailable:
        messages.error(request, "The assistant server could not be reached: nothing was sent. Try again.")
    else:
        messages.success(
            request, "You joined the conversation; the assistant is paused. Reply sent." if joined else "Reply sent."
        )
    return redirect("inbox:detail", pk=pk)


@require_POST
@permission_required("accounts.review_conversations", raise_exception=True)
def handoff_hand_back(request, pk: int):
    handoff = _active(pk, request.user)
    try:
        workflow.hand_back(handoff, request.user)
    except rasa_api.RasaUnavailable:
        messages.error(request, "The assistant server could not be reached: the conversation is still yours.")
        return redirect("inbox:detail", pk=pk)
    messages.success(request, "Handed back: the assistant answers again.")
    return redirect("inbox:list")


@require_POST
@permission_required("accounts.review_conversations", raise_exception=True)
def handoff_close(request, pk: int):
    handoff = _active(pk, request.user)
    try:
        workflow.close(handoff, request.user)
    except rasa_api.RasaUnavailable:
        messages.error(request, "The assistant server could not be reached: the conversation is still yours.")
        return redirect("inbox:detail", pk=pk)
    messages.success(request, "Closed.")
    return redirect("inbox:list")


@require_POST
@permission_required("accounts.review_conversations", raise_exception=True)
def handoff_template(request, pk: int):
    handoff = _active(pk, request.user)
    sent = template_hook.send_template(handoff)
    record(request.user, workflow.TEMPLATE, f"handoff {pk}", sent=sent)
    if sent:
        messages.success(request, "Template message sent. Reply once the person writes again.")
    else:
        messages.error(request, "The template message could not be sent.")
    return redirect("inbox:detail", pk=pk)
