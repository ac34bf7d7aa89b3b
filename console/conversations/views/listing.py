import logging

from audit.models import AuditEntry
from audit.services import record
from django.conf import settings
from django.contrib.auth.decorators import permission_required
from django.core.paginator import Paginator
from django.db import connection, transaction
from django.http import StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone

from ..forms import ConversationFilterForm
from ..models import ConversationSummary, Tag
from ..services import export, listing, pii
from ..services.summary_sync import pending_events, sync_summaries
from ..services.sync_lock import sync_lock

log = logging.getLogger(__name__)


def auto_sync() -> None:
    """Brings summaries up to date before a list page, at most SUMMARY_AUTO_SYNC_MAX_EVENTS events
    per page view so the page stays fast; a bigger backlog is worked through from the oldest event
    (each view shows more) while the sync job catches up. Skipped while the job holds the sync lock
    (it is doing this very work) or the database is locked."""
    try:
        if connection.in_atomic_block:
            # A savepoint, so a failure here (e.g. Rasa has not created `events` yet) cannot
            # poison the enclosing PostgreSQL transaction. (Not otherwise: on SQLite every
            # atomic block takes the write lock, which a read does not need.)
            with transaction.atomic():
                waiting = pending_events()
        else:
            waiting = pending_events()
        if waiting > 0:
            with sync_lock() as held:
                if held:
                    share = settings.SUMMARY_AUTO_SYNC_MAX_EVENTS
                    sync_summaries(batch_size=min(2000, share), max_events=share)
    except Exception:  # DatabaseError, or anything else: the page shows what is synced so far
        log.warning("automatic summary sync skipped", exc_info=True)


def _filters(request):
    form = ConversationFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    return form, filters


@permission_required("accounts.review_conversations", raise_exception=True)
def conversation_list(request):
    auto_sync()
    form, filters = _filters(request)
    masked = not pii.can_see_contacts(request.user)
    qs = listing.filter_conversations(filters, masked=masked).prefetch_related("tags")
    page = Paginator(qs, settings.PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [{"summary": s, "sender": pii.sender_for(s.sender_id, masked)} for s in page.object_list]
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "conversations/list.html",
        {
            "form": form,
            "page": page,
            "rows": rows,
            "query": query.urlencode(),
            "bands": _distinct("severity_band"),
            "tags": Tag.objects.all(),
        },
    )


def _distinct(field):
    return list(
        ConversationSummary.objects.exclude(**{field: ""}).order_by(field).values_list(field, flat=True).distinct()
    )


@permission_required("accounts.export_conversations", raise_exception=True)
def conversation_export(request):
    auto_sync()
    _form, filters = _filters(request)
    masked = not pii.can_see_contacts(request.user)
    qs = listing.filter_conversations(filters, masked=masked)
    record(
        request.user,
        AuditEntry.EXPORT_CONVERSATIONS,
        "conversation list",
        filters={k: str(v) for k, v in filters.items() if v not in (None, "")},
        masked=masked,
    )
    response = StreamingHttpResponse(export.csv_rows(qs, masked), content_type="text/csv; charset=utf-8")
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response["Content-Disposition"] = f'attachment; filename="conversations-{stamp}.csv"'
    return response
