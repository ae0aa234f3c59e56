"""The page editing forms. Publishing (or approving, which publishes)
is refused while a picture lacks a credit or a current licence; on
articles, country tags are checked against the names we know, and the
countries found in the text are offered for confirmation."""

from django import forms
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString
from wagtail.admin.forms import WagtailAdminPageForm

from masthead.photos import rights

from .countries import find


class PicturesCheckedForm(WagtailAdminPageForm):
    """Refuses to publish a page whose pictures may not go out; saving a
    draft or submitting it for review is still allowed."""

    def picture_uses(self, cleaned) -> list:
        return rights.uses(image=cleaned.get("image"))

    def publishing(self) -> bool:
        approving = self.data.get("workflow-action-name") == "approve"
        return bool(self.data.get("action-publish")) or (
            bool(self.data.get("action-workflow-action")) and approving
        )

    def clean(self):
        cleaned = super().clean()
        if self.publishing():
            for problem in rights.picture_problems(self.picture_uses(cleaned)):
                self.add_error(None, problem_with_link(problem))
        return cleaned


class SafeAfterPrefix(SafeString):
    """Markup that stays markup when a plain prefix is put before it: the
    admin's error banner writes each error as `prefix + error`, which for a
    plain `SafeString` gives a plain string, escaped on the page."""

    def __radd__(self, other):
        return SafeString(f"{conditional_escape(other)}{self}")


def problem_with_link(problem) -> SafeString:
    url = reverse("wagtailimages:edit", args=[problem.photo.pk])
    return SafeAfterPrefix(
        format_html('Not published: {} <a href="{}">Edit “{}”</a>', problem.text, url, problem.photo.title)
    )


class BriefPageForm(PicturesCheckedForm):
    pass


class ArticlePageForm(PicturesCheckedForm):
    add_countries = forms.MultipleChoiceField(
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Countries the text mentions",
        help_text="Found in the text when it was last saved and not tagged yet. Tick to tag them.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        tagged = {tag.name for tag in self.instance.countries.all()}
        self.fields["add_countries"].choices = [
            (name, name) for name in self.instance.country_suggestions if name not in tagged
        ]

    def clean_countries(self):
        known, unknown = [], []
        for name in self.cleaned_data.get("countries") or []:
            country = find(name)
            (known.append(country.name) if country else unknown.append(name))
        if unknown:
            raise ValidationError(
                "Not a country we know: %(names)s. "
                "Use its usual English name (Germany) or its two-letter code (DE).",
                params={"names": ", ".join(f"“{n}”" for n in unknown)},
            )
        return sorted(set(known))

    def picture_uses(self, cleaned) -> list:
        return rights.uses(
            image=cleaned.get("hero_image"), credit=cleaned.get("hero_credit", ""), body=cleaned.get("body")
        )

    def clean(self):
        """Ticked suggestions join the typed countries, so they are saved
        the way tags are, with the rest of the form."""
        cleaned = super().clean()
        if cleaned.get("add_countries") and "countries" in cleaned:
            cleaned["countries"] = sorted({*cleaned["countries"], *cleaned["add_countries"]})
        return cleaned
