import datetime as dt

from django import forms
from django.contrib.auth.decorators import permission_required
from django.shortcuts import render
from django.utils import timezone

from ..services import pii
from ..services.analytics import analytics
from .listing import auto_sync

MAX_DAYS = 366


class RangeForm(forms.Form):
    date_from = forms.DateField(required=False, widget=forms.DateInput(attrs={"type": "date"}))
    date_to = forms.DateField(required=False, widget=forms.DateInput(attrs={"type": "date"}))


@permission_required("accounts.review_conversations", raise_exception=True)
def analytics_page(request):
    auto_sync()
    form = RangeForm(request.GET or None)
    today = timezone.localdate()
    data = form.cleaned_data if form.is_valid() else {}
    date_to = data.get("date_to") or today
    date_from = data.get("date_from") or date_to - dt.timedelta(days=29)
    if date_from > date_to:
        date_from, date_to = date_to, date_from
    date_from = max(date_from, date_to - dt.timedelta(days=MAX_DAYS - 1))
    stats = analytics(date_from, date_to, masked=not pii.can_see_contacts(request.user))
    return render(
        request,
        "conversations/analytics.html",
        {"form": form, "date_from": date_from, "date_to": date_to, "stats": stats},
    )
