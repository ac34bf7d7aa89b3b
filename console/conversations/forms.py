from django import forms

from .models import ConversationSummary

CONCERNS = ["acne", "eczema", "dermatitis", "unsure"]
URGENCIES = ["none", "routine", "see_doctor_today", "emergency"]
BRANCHES = ["cheras", "pj", "setia_alam"]
YES_NO = [("", "Any"), ("yes", "Yes"), ("no", "No")]


def _choices(values, empty="Any"):
    return [("", empty)] + [(v, v.replace("_", " ").capitalize()) for v in values]


class ConversationFilterForm(forms.Form):
    """The list's GET filters; invalid values are ignored rather than failing the page."""

    date_from = forms.DateField(required=False, widget=forms.DateInput(attrs={"type": "date"}))
    date_to = forms.DateField(required=False, widget=forms.DateInput(attrs={"type": "date"}))
    channel = forms.ChoiceField(
        required=False, choices=[("", "Any"), ("web", "Web"), ("whatsapp", "WhatsApp"), ("other", "Other")]
    )
    language = forms.ChoiceField(required=False, choices=[("", "Any"), ("en", "English"), ("ms", "Bahasa Melayu")])
    concern = forms.ChoiceField(required=False, choices=_choices(CONCERNS))
    band = forms.CharField(required=False, max_length=30)
    urgency = forms.ChoiceField(required=False, choices=_choices(URGENCIES))
    red_flag = forms.ChoiceField(required=False, choices=YES_NO)
    consent = forms.ChoiceField(required=False, choices=YES_NO)
    booking = forms.ChoiceField(required=False, choices=YES_NO)
    branch = forms.ChoiceField(required=False, choices=_choices(BRANCHES))
    fallback = forms.ChoiceField(required=False, choices=YES_NO)
    review = forms.ChoiceField(required=False, choices=[("", "Any")] + ConversationSummary.REVIEW_CHOICES)
    tag = forms.CharField(required=False, max_length=40)
    q = forms.CharField(required=False, max_length=200, label="Search messages")


class ReviewForm(forms.Form):
    review_status = forms.ChoiceField(choices=ConversationSummary.REVIEW_CHOICES)


class NoteForm(forms.Form):
    text = forms.CharField(max_length=4000, widget=forms.Textarea(attrs={"rows": 3}))


class TagsForm(forms.Form):
    tags = forms.CharField(required=False, max_length=400, help_text="Comma-separated")

    def clean_tags(self):
        names = [t.strip().lower() for t in self.cleaned_data["tags"].split(",")]
        names = [n for n in names if n]
        for name in names:
            if len(name) > 40:
                raise forms.ValidationError("A tag can have at most 40 characters.")
        return sorted(set(names))


class DeletePersonForm(forms.Form):
    sender_id = forms.CharField(required=False, max_length=255)
    phone = forms.CharField(required=False, max_length=40)
    confirm = forms.BooleanField(required=False)

    def clean(self):
        data = super().clean()
        if bool(data.get("sender_id", "").strip()) == bool(data.get("phone", "").strip()):
            raise forms.ValidationError("Give either a sender id or a phone number.")
        return data
