from django import forms
from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic import EditView, IndexView, InspectView
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets import HeaderButton

from masthead.core.models import Tier

from . import admin_views, levels, listing
from .models import Member, Payment


class TierViewSet(ModelViewSet):
    model = Tier
    name = "membership_tiers"
    icon = "pick"
    menu_label = "Tiers"
    list_display = ["name", "slug", "monthly_price", "yearly_price"]
    copy_view_enabled = False


class MemberIndex(IndexView):
    results_template_name = "members/admin/member_results.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        members = self.search_queryset(self.filter_queryset(self.get_base_queryset()))
        context["counts"] = listing.counts(members)
        return context

    @property
    def header_buttons(self):
        return [
            HeaderButton("Import CSV", url=reverse("members_admin:import"), icon_name="upload"),
            HeaderButton(
                "Export CSV",
                url=reverse("members_admin:export") + "?" + self.request.GET.urlencode(),
                icon_name="download",
            ),
        ]


class MemberInspect(InspectView):
    """A member's page for staff: their state, then their payments and what
    happened to them."""

    template_name = "members/admin/member_inspect.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["payments"] = self.object.payments.order_by("-paid_at")[:200]
        context["events"] = self.object.events.all()[:200]
        return context


class MemberEdit(EditView):
    def save_instance(self):
        member = super().save_instance()
        levels.refresh(member)  # a comp given or ended changes their access now
        return member


class MemberViewSet(ModelViewSet):
    model = Member
    name = "membership_members"
    icon = "group"
    menu_label = "Members"
    index_view_class = MemberIndex
    edit_view_class = MemberEdit
    inspect_view_class = MemberInspect
    add_view_enabled = False
    copy_view_enabled = False
    list_display = [
        Column("email", label="Address"),
        "name",
        "tier",
        "subscription_status",
        "created_at",
        "source",
    ]
    filterset_class = listing.MemberFilterSet
    search_fields = ["subscriber__email", "name"]
    list_per_page = 50
    form_fields = ["name", "comp_tier", "comp_until"]
    inspect_view_enabled = True
    inspect_view_fields = [
        "email",
        "name",
        "tier",
        "subscription_status",
        "interval",
        "paid_until",
        "grace_until",
        "comp_tier",
        "comp_until",
        "created_at",
        "source",
        "stripe_customer",
    ]

    def get_form_class(self, for_update=False):
        form = super().get_form_class(for_update)
        form.base_fields["comp_until"].help_text = "A tier given for free lasts until this day."
        form.base_fields["comp_until"].widget = forms.DateTimeInput(attrs={"type": "datetime-local"})
        return form


class PaymentViewSet(ModelViewSet):
    model = Payment
    name = "membership_payments"
    icon = "doc-full"
    menu_label = "Payments"
    add_view_enabled = False
    edit_view_enabled = False
    copy_view_enabled = False
    inspect_view_enabled = True
    list_display = [
        "paid_at",
        "kind",
        Column("shown_amount", label="Amount"),
        "interval",
        "status",
        "member",
        "source",
    ]
    list_filter = ["kind", "status", "paid_at"]
    search_fields = ["member__subscriber__email", "stripe_id"]
    form_fields = ["status"]


class MembershipGroup(ViewSetGroup):
    menu_label = "Membership"
    menu_icon = "group"
    menu_order = 260
    items = (MemberViewSet, PaymentViewSet, TierViewSet)


@hooks.register("register_admin_viewset")
def register_membership_group():
    return MembershipGroup()


@hooks.register("register_admin_urls")
def members_admin_urls():
    from django.urls import include

    urls = [
        path("revenue/", admin_views.dashboard, name="revenue"),
        path("export/", admin_views.member_export, name="export"),
        path("import/", admin_views.member_import, name="import"),
    ]
    return [path("membership/", include((urls, "members_admin")))]


class RevenueMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(admin_views.PAYMENTS_PERMISSION)


@hooks.register("register_reports_menu_item")
def revenue_menu_item():
    return RevenueMenuItem("Revenue", reverse("members_admin:revenue"), icon_name="pick", order=50)
