from django import forms
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

from masthead.articles.models import AuthorPage, Kind, Region
from masthead.core import tags

TYPE_CHOICES = [
    ("", "Everything"),
    ("articles", "Articles"),
    ("briefs", "Quick takes"),
    ("authors", "Authors"),
]
ORDER_CHOICES = [("relevance", "Best match"), ("newest", "Newest first")]


class ListedChoices(forms.models.ModelChoiceIterator):
    """The few choices, read once per store generation (`tags.shared`):
    saving a region or kind, or publishing an author's page, moves it on.
    Django's default iterator reads them on every render, through a
    server-side cursor on PostgreSQL, three round trips per list."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        listed = tags.shared(f"choices:{self.queryset.model._meta.label}", lambda: list(self.queryset))
        for obj in listed:
            yield self.choice(obj)


class OptionsSelect(forms.Select):
    """A select whose options are joined here: Django renders each option
    through a template of its own, a third of a search page's time with
    forty authors to choose from. Same markup, no option groups."""

    def render(self, name, value, attrs=None, renderer=None):
        chosen = set(self.format_value(value))
        options = format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            (
                (choice, mark_safe(" selected") if str(choice) in chosen else "", label)
                for choice, label in self.choices
            ),
        )
        return format_html(
            '<select name="{}"{}>{}</select>', name, flatatt(self.build_attrs(self.attrs, attrs)), options
        )


class SlugChoiceField(forms.ModelChoiceField):
    """A choice named by slug in the URL, so links to a search stay readable."""

    iterator = ListedChoices
    widget = OptionsSelect

    def __init__(self, queryset, **kwargs):
        super().__init__(queryset, to_field_name="slug", required=False, **kwargs)
        self.error_messages["invalid_choice"] = "There is no such choice; pick one from the list."


class SearchForm(forms.Form):
    q = forms.CharField(label="Search for", required=False, strip=True)
    type = forms.ChoiceField(label="Show", choices=TYPE_CHOICES, required=False, widget=OptionsSelect)
    region = SlugChoiceField(Region.objects.all(), label="Region", empty_label="Any region")
    kind = SlugChoiceField(Kind.objects.all(), label="Kind of article", empty_label="Any kind")
    author = SlugChoiceField(
        AuthorPage.objects.live().order_by("title"), label="Author", empty_label="Anyone"
    )
    start = forms.DateField(
        label="Published from", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    end = forms.DateField(
        label="Published until", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    order = forms.ChoiceField(label="Order", choices=ORDER_CHOICES, required=False, widget=OptionsSelect)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("start", "end"):
            self.fields[name].error_messages["invalid"] = "Enter a date like 2026-11-25."

    def full_clean(self):
        super().full_clean()
        # What was typed stays in the box to be corrected, and a date input
        # may only hold a date: show a text box for an invalid one.
        for name in ("start", "end"):
            if name in self.errors:
                self.fields[name].widget.input_type = "text"

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["start"] > data["end"]:
            self.add_error("end", "This date is before the “from” date.")
        return data
