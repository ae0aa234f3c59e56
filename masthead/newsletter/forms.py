from django import forms
from django.core.exceptions import ValidationError

from .addresses import normalise_email
from .models import Newsletter

SOURCES = {
    "page": "sign-up page",
    "box-home": "sign-up box, front page",
    "box-article": "sign-up box, article",
    "box-brief": "sign-up box, quick take",
    "box-section": "sign-up box, section",
    "box-country": "sign-up box, country",
    "box-topic": "sign-up box, topic",
    "box-author": "sign-up box, author",
    "box-author-index": "sign-up box, authors",
    "box-brief-index": "sign-up box, quick takes",
    "box-search": "sign-up box, search",
    "box-standard": "sign-up box, standard page",
}


class NewsletterChoice(forms.ModelMultipleChoiceField):
    widget = forms.CheckboxSelectMultiple

    def label_from_instance(self, newsletter):
        return newsletter.name


class SignUpForm(forms.Form):
    email = forms.CharField(
        label="Email address", max_length=320, error_messages={"required": "Enter your email address."}
    )
    newsletters = NewsletterChoice(
        # Paid newsletters are chosen by members, on their preferences page.
        queryset=Newsletter.objects.filter(is_public=True, tiers__isnull=True),
        to_field_name="slug",
        required=False,
        error_messages={
            "invalid_choice": "Choose from the newsletters listed.",
            "invalid_pk_value": "Choose from the newsletters listed.",
        },
    )
    source = forms.ChoiceField(choices=list(SOURCES.items()), required=False)
    # The page the box was on (attribution); a bad value is dropped, not an error.
    page = forms.CharField(required=False, max_length=12)

    def clean_page(self):
        value = self.cleaned_data.get("page") or ""
        return int(value) if value.isdigit() and 0 < int(value) < 2**31 else None

    # Hidden from people (see the template); bots fill in every field.
    website = forms.CharField(required=False, max_length=500)

    def clean_email(self):
        return normalise_email(self.cleaned_data["email"])

    def clean_newsletters(self):
        chosen = list(self.cleaned_data["newsletters"])
        if not chosen and "newsletters" in self.data:
            raise ValidationError("Choose at least one newsletter.")
        # The box on every page sends no choice: it means the default newsletters.
        return chosen or list(Newsletter.objects.filter(is_default=True, is_public=True, tiers__isnull=True))

    def clean(self):
        data = super().clean()
        if "newsletters" in data and not data["newsletters"]:
            self.add_error(None, "No newsletter is open for sign-up at the moment.")
        return data

    @property
    def is_bot(self) -> bool:
        return bool(self.data.get("website"))


class PreferencesForm(forms.Form):
    newsletters = NewsletterChoice(
        queryset=Newsletter.objects.all(),
        to_field_name="slug",
        required=False,
        label="Send me",
        error_messages={"invalid_choice": "Choose from the newsletters listed."},
    )
