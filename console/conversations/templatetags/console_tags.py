from django import template

register = template.Library()


@register.filter
def code_label(value):
    """Shows a value code (see_doctor_today) in readable form (See doctor today)."""
    if value in (None, ""):
        return "—"
    text = str(value).replace("_", " ")
    return text[:1].upper() + text[1:]


@register.filter
def percent(value):
    try:
        return f"{float(value):.0f}%"
    except (TypeError, ValueError):
        return "—"


@register.simple_tag
def selected(current, value):
    return "selected" if str(current or "") == str(value) else ""
