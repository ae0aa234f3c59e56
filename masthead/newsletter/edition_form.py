"""The edition's form in the admin: beside the chosen stories, the pieces
published in the edition's period that it does not carry yet, to tick and
add, rather than finding each in the page tree."""

from django import forms
from django.utils.formats import date_format
from wagtail.admin.forms import WagtailAdminModelForm


class EditionForm(WagtailAdminModelForm):
    add_stories = forms.MultipleChoiceField(
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Add stories published in the period",
        help_text="Pieces published between the period's start and end that the edition does not carry yet. "
        "Ticked ones join the end of the list when you save.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from .editions import period_articles

        edition = self.instance
        choices = []
        if edition.pk and edition.newsletter_id and edition.period_start and edition.period_end:
            carried = {item.article_id for item in edition.items.all()}
            for article in period_articles(edition.newsletter, edition.period_start, edition.period_end):
                if article.pk not in carried:
                    when = date_format(article.listed_at, "j M")
                    choices.append(
                        (str(article.pk), f"{article.title} ({article.primary_region.name}, {when})")
                    )
        self.fields["add_stories"].choices = choices
        if not choices:
            self.fields["add_stories"].help_text = "Every piece published in the period is in the edition."

    def save(self, commit=True):
        edition = super().save(commit)
        ticked = [int(pk) for pk in self.cleaned_data.get("add_stories") or []]
        if commit and ticked:
            from .models import EditionItem

            last = max((item.sort_order or 0 for item in edition.items.all()), default=-1)
            EditionItem.objects.bulk_create(
                [
                    EditionItem(edition=edition, article_id=pk, sort_order=last + 1 + i)
                    for i, pk in enumerate(ticked)
                ]
            )
        return edition
