from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError

from masthead.core.models import Tier
from masthead.newsletter.addresses import normalise_email


class EmailField(forms.CharField):
    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 254)
        kwargs.setdefault("widget", forms.EmailInput(attrs={"autocomplete": "email"}))
        super().__init__(**kwargs)

    def clean(self, value):
        return normalise_email(super().clean(value))


class FromField(forms.IntegerField):
    """The page a reader came from (attribution), if any."""

    def __init__(self, **kwargs):
        super().__init__(required=False, min_value=1, widget=forms.HiddenInput, **kwargs)

    def clean(self, value):
        try:
            return super().clean(value)
        except ValidationError:
            return None  # a bad hint is dropped, never an error for the reader


class SignInForm(forms.Form):
    email = EmailField(label="Your e-mail address")
    next = forms.CharField(required=False, max_length=500, widget=forms.HiddenInput)
    page = FromField()


class ProfileForm(forms.Form):
    name = forms.CharField(required=False, max_length=100, label="Your name")


class EmailChangeForm(forms.Form):
    email = EmailField(label="New e-mail address")


class DeleteForm(forms.Form):
    confirm = forms.BooleanField(label="Yes, delete my account and everything it holds")


INTERVALS = [("month", "Monthly"), ("year", "Yearly")]


class JoinForm(forms.Form):
    tier = forms.SlugField()
    interval = forms.ChoiceField(choices=INTERVALS)
    page = FromField()

    def clean(self):
        data = super().clean()
        tier = Tier.objects.filter(slug=data.get("tier", "")).first()
        if tier is None or not tier.is_paid:
            raise ValidationError("Choose one of the paid tiers on this page.")
        interval = data.get("interval")
        if interval and not (tier.monthly_price if interval == "month" else tier.yearly_price):
            raise ValidationError(
                f"{tier.name} has no {'monthly' if interval == 'month' else 'yearly'} price."
            )
        data["tier"] = tier
        return data


class DonateForm(forms.Form):
    amount = forms.CharField(required=False, max_length=12, label="Amount")
    custom = forms.DecimalField(
        required=False, decimal_places=2, max_digits=9, label="Another amount", min_value=0
    )
    interval = forms.ChoiceField(
        choices=[("", "Once"), *INTERVALS], required=False, initial="", widget=forms.RadioSelect
    )
    cover_fees = forms.BooleanField(required=False, label="Add the card fee, so all of my gift reaches you")
    page = FromField()

    def clean(self):
        data = super().clean()
        custom = data.get("custom")
        chosen = (data.get("amount") or "").strip()
        if custom is not None:
            major = custom
        elif chosen and chosen != "other" and chosen.isdigit():
            major = int(chosen)
        else:
            raise ValidationError("Choose an amount, or write one under “Another amount”.")
        low, high = settings.MEMBERS_DONATION_MIN, settings.MEMBERS_DONATION_MAX
        if not low <= major <= high:
            currency = settings.MEMBERS_CURRENCY.upper()
            raise ValidationError(f"A gift can be from {low} to {high} {currency}.")
        data["cents"] = int(round(major * 100))
        return data
