from django import template

from labelling.analytics import per_intent
from labelling.views import refresh_queue_only

register = template.Library()


@register.inclusion_tag("labelling/analytics_card.html")
def intent_analytics(date_from, date_to):
    """The per-intent card of the analytics page (same period as the rest of the page)."""
    refresh_queue_only()
    return {"stats": per_intent(date_from, date_to)}
