from django.urls import path, reverse
from django.utils.dateparse import parse_datetime
from django.utils.formats import date_format
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.log_actions import LogFormatter

from masthead.core.admin_panels import TemplatePanel

from . import dashboard, licences, receivers, schedule, views


@hooks.register("register_log_actions")
def register_late_schedule(actions):
    @actions.register_action(schedule.LATE_ACTION)
    class LateSchedule(LogFormatter):
        label = "Scheduled time missed"

        def format_message(self, log_entry):
            data = log_entry.data
            due = parse_datetime(data["due"])
            when = date_format(due, "DATETIME_FORMAT")
            what = data["what"].capitalize()
            return f"{what} was due at {when}; carried out late, when the worker returned."


@hooks.register("register_log_actions")
def register_staff_actions(actions):
    for action, label in receivers.ACTIONS.items():
        actions.register_action(action, label, label)


@hooks.register("construct_homepage_panels")
def add_newsroom_panels(request, panels):
    user = request.user

    def add(name, order, **context):
        panels.append(TemplatePanel(name, f"newsroom/dashboard/{name}.html", order, **context))

    add("my_drafts", 100, pages=dashboard.my_drafts(user))
    add("scheduled", 150, rows=dashboard.scheduled())
    add("published", 260, pages=dashboard.recently_published())
    misses = list(schedule.recent_misses()[:20])
    if misses:
        panels.append(TemplatePanel("late", "newsroom/late_schedules_panel.html", 90, misses=misses))
    if licences.may_see(user):
        count, photos = dashboard.uncredited_pictures()
        if count:
            add("uncredited", 96, count=count, photos=photos)
        rows = licences.report()
        if rows:
            panels.append(TemplatePanel("licences", "newsroom/licences_panel.html", 95, rows=rows[:10]))


@hooks.register("register_admin_urls")
def newsroom_admin_urls():
    return [
        path("reports/picture-licences/", views.licence_report, name="newsroom_licences"),
        path("two-factor/setup/", views.two_factor_setup, name="newsroom_2fa_setup"),
        path("two-factor/verify/", views.two_factor_verify, name="newsroom_2fa_verify"),
        path("import/", views.import_posts, name="newsroom_import"),
        path("import/runs/<int:pk>/", views.import_run, name="newsroom_import_run"),
        path("import/runs/<int:pk>.csv", views.import_run, {"as_csv": True}, name="newsroom_import_csv"),
    ]


class ImportMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm("newsroom.run_import")


@hooks.register("register_settings_menu_item")
def register_import():
    return ImportMenuItem(
        "Import posts", reverse("newsroom_import"), name="import-posts", icon_name="upload", order=900
    )


class LicenceMenuItem(MenuItem):
    def is_shown(self, request):
        return licences.may_see(request.user)


@hooks.register("register_reports_menu_item")
def register_licence_report():
    return LicenceMenuItem(
        "Picture licences",
        reverse("newsroom_licences"),
        name="picture-licences",
        icon_name="image",
        order=1100,
    )
