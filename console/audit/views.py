from django.contrib.auth.decorators import permission_required
from django.core.paginator import Paginator
from django.shortcuts import render

from .models import AuditEntry


@permission_required("accounts.view_audit_log", raise_exception=True)
def audit_log(request):
    qs = AuditEntry.objects.all()
    action = request.GET.get("action", "")
    if action:
        qs = qs.filter(action=action)
    page = Paginator(qs, 100).get_page(request.GET.get("page"))
    actions = AuditEntry.objects.order_by("action").values_list("action", flat=True).distinct()
    return render(request, "audit/log.html", {"page": page, "action": action, "actions": actions})
