from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.panels import FieldPanel, ObjectList
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic import IndexView
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets import HeaderButton, ListingButton
from wagtail.snippets.views.snippets import IndexView as SnippetIndexView
from wagtail.snippets.views.snippets import SnippetViewSet

from masthead.core.admin_panels import TemplatePanel

from . import admin_views, delivery, engagement
from .edition_form import EditionForm
from .models import Edition, Newsletter, Subscriber


class NewsletterViewSet(ModelViewSet):
    model = Newsletter
    name = "newsletters"
    icon = "mail"
    menu_label = "Newsletters"
    list_display = ["name", "slug", "region", "is_default", "is_public"]
    copy_view_enabled = False


class SubscriberIndex(IndexView):
    index_results_template_name = "wagtailadmin/generic/index_results.html"

    @property
    def header_buttons(self):
        return [
            HeaderButton("Import CSV", url=reverse("newsletter_admin:import"), icon_name="upload"),
            HeaderButton(
                "Export CSV",
                url=reverse("newsletter_admin:export") + "?" + self.request.GET.urlencode(),
                icon_name="download",
            ),
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["counts"] = admin_views.subscriber_counts()
        return context


class SubscriberViewSet(ModelViewSet):
    model = Subscriber
    name = "subscribers"
    icon = "user"
    menu_label = "Subscribers"
    index_view_class = SubscriberIndex
    index_template_name = "newsletter/admin/subscribers.html"
    list_display = ["email", "state", "created_at", "confirmed_at"]
    list_filter = ["state", "subscriptions__newsletter"]
    search_fields = ["email"]
    list_per_page = 50
    form_fields = ["email", "state"]
    copy_view_enabled = False
    inspect_view_enabled = True
    inspect_view_fields = [
        "email",
        "state",
        "created_at",
        "confirmed_at",
        "consent_history",
        "newsletter_names",
    ]


class EditionIndex(SnippetIndexView):
    @property
    def header_buttons(self):
        draft = HeaderButton(
            "Draft this week's edition",
            url=reverse("wagtailsnippets_newsletter_edition:draft"),
            icon_name="draft",
            attrs={"data-draft-edition": ""},
        )
        return [draft, *super().header_buttons]


class EditionViewSet(SnippetViewSet):
    model = Edition
    index_view_class = EditionIndex
    icon = "mail"
    menu_label = "Editions"
    list_display = ["subject", "newsletter", "state", Column("period_end", label="Week to"), "started_at"]
    list_filter = ["state", "newsletter"]
    copy_view_enabled = False
    # The model's panels, with the period's pieces to tick after the stories.
    edit_handler = ObjectList(
        [*Edition.panels[:4], FieldPanel("add_stories"), *Edition.panels[4:]], base_form_class=EditionForm
    )

    def get_urlpatterns(self):
        return super().get_urlpatterns() + [
            path("draft/", admin_views.edition_draft, name="draft"),
            path("send/<int:pk>/", admin_views.edition_send, name="send"),
        ]


class NewsletterGroup(ViewSetGroup):
    menu_label = "Newsletter"
    menu_icon = "mail"
    menu_order = 250
    items = (EditionViewSet, SubscriberViewSet, NewsletterViewSet)


@hooks.register("register_admin_viewset")
def register_newsletter_group():
    return NewsletterGroup()


@hooks.register("register_admin_urls")
def newsletter_admin_urls():
    from django.urls import include

    urls = [
        path("import/", admin_views.subscriber_import, name="import"),
        path("export/", admin_views.subscriber_export, name="export"),
    ]
    return [path("newsletter-tools/", include((urls, "newsletter_admin")))]


@hooks.register("register_snippet_listing_buttons")
def edition_send_button(snippet, user, next_url=None):
    if isinstance(snippet, Edition):
        label = "Send or schedule" if snippet.editable else "Progress"
        yield ListingButton(
            label, reverse("wagtailsnippets_newsletter_edition:send", args=[snippet.pk]), priority=5
        )


@hooks.register("construct_homepage_panels")
def last_edition_panel(request, panels):
    """The last edition's figures, for those who send them."""
    if not request.user.has_perm("newsletter.change_edition"):
        return
    edition = Edition.objects.filter(state=Edition.State.SENT).order_by("-finished_at", "-pk").first()
    if edition is None:
        return
    tracked = bool(edition.content and edition.content.get("tracked"))
    panels.append(
        TemplatePanel(
            "last_edition",
            "newsletter/admin/last_edition_panel.html",
            270,
            edition=edition,
            progress=delivery.progress(edition),
            engagement=engagement.report(edition, links=3) if tracked else None,
            send_url=reverse("wagtailsnippets_newsletter_edition:send", args=[edition.pk]),
        )
    )
