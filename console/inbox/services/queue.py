"""The Inbox list: active hand-off requests with their conversation's summary card, the viewer's
branch first, then the longest-waiting first."""

import dataclasses

from conversations.models import ConversationSummary

from ..models import HandoffRequest, StaffBranch


@dataclasses.dataclass
class Entry:
    handoff: HandoffRequest
    summary: ConversationSummary | None
    own_branch: bool

    @property
    def branch_id(self) -> str:
        return self.handoff.branch_id or (self.summary.branch_id if self.summary else "")

    @property
    def language(self) -> str:
        return self.handoff.language or (self.summary.language if self.summary else "")


def branch_of(user) -> str:
    found = StaffBranch.objects.filter(user=user).values_list("branch_id", flat=True).first()
    return found or ""


def active_entries(user, limit: int = 200) -> list[Entry]:
    mine = branch_of(user)
    handoffs = list(
        HandoffRequest.objects.filter(status__in=[HandoffRequest.OPEN, HandoffRequest.HELD]).order_by(
            "created_at", "id"
        )[:limit]
    )
    summaries = {
        s.sender_id: s for s in ConversationSummary.objects.filter(sender_id__in=[h.sender_id for h in handoffs])
    }
    entries = [Entry(h, summaries.get(h.sender_id), False) for h in handoffs]
    for entry in entries:
        entry.own_branch = bool(mine) and entry.branch_id == mine
    # Stable sort: own branch first, the oldest request first within each group.
    entries.sort(key=lambda e: not e.own_branch)
    return entries


def recently_closed(limit: int = 20) -> list[HandoffRequest]:
    return list(HandoffRequest.objects.filter(status=HandoffRequest.CLOSED).order_by("-updated_at", "-id")[:limit])
