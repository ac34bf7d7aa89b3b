from django import forms

from . import choices, redaction
from .models import Label


class LabelForm(forms.Form):
    """What the message meant. The training text is checked for personal details: when any are
    found it is saved only redacted, and only after the person ticks the confirmation."""

    kind = forms.ChoiceField(choices=Label.KINDS, widget=forms.RadioSelect)
    intent = forms.ChoiceField(required=False)
    value = forms.ChoiceField(required=False)
    text = forms.CharField(required=False, max_length=500, widget=forms.Textarea(attrs={"rows": 2}))
    confirm_redaction = forms.BooleanField(required=False)

    def __init__(self, *args, slot: str = "", names=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.slot = slot
        self.names = list(names)
        self.findings = []
        self.redacted_text = ""
        self.fields["intent"].choices = [("", "—")] + [(i, i) for i in choices.intents()]
        options = choices.answer_options(slot) if slot else []
        self.fields["value"].choices = [("", "—")] + [(v, f"{t} ({v})") for v, t in options]
        if not slot:
            self.fields["kind"].choices = [c for c in Label.KINDS if c[0] != Label.ANSWER]

    def clean(self):
        data = super().clean()
        kind = data.get("kind")
        if kind == Label.INTENT and not data.get("intent"):
            self.add_error("intent", "Choose the intent the message meant.")
        if kind == Label.ANSWER and not data.get("value"):
            self.add_error("value", "Choose the answer the message gave.")
        text = " ".join((data.get("text") or "").split())
        if kind in (Label.INTENT, Label.ANSWER, Label.OUT_OF_SCOPE):
            if not text:
                self.add_error("text", "The training text cannot be empty.")
            self.findings = redaction.find_personal_details(text, self.names)
            if self.findings:
                self.redacted_text = redaction.redact(text, self.findings)
                if not data.get("confirm_redaction"):
                    self.add_error(
                        "confirm_redaction",
                        "This text contains personal details ("
                        + ", ".join(redaction.kinds(self.findings))
                        + "). Edit them out, or tick the box to save it with them replaced.",
                    )
                text = self.redacted_text
        else:
            text = ""  # "ignore" keeps no text
        data["text"] = text
        data["redacted"] = bool(self.findings)
        return data
