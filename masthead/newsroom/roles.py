"""The newsroom's roles as Wagtail groups, and the review workflow.

Contributors draft and submit their own pieces; Editors edit anyone's,
review, approve, schedule and publish; Photo editors look after pictures
and their credits; Newsletter editors draft and send editions; Membership managers look after
members, their payments and the tiers;
Administrators may do everything, users and settings included.
`ensure()` makes the groups hold exactly these rights: it runs after every
migrate, so a permission changed by hand in the admin is put back on the
next deploy (a site wanting different roles adds its own groups)."""

from dataclasses import dataclass

from django.apps import apps
from django.contrib.auth.management import create_permissions
from django.contrib.auth.models import Group, Permission
from django.db import transaction

CONTRIBUTORS = "Contributors"
EDITORS = "Editors"
PHOTO_EDITORS = "Photo editors"
NEWSLETTER_EDITORS = "Newsletter editors"
MEMBERSHIP_MANAGERS = "Membership managers"
ADMINISTRATORS = "Administrators"
REVIEW = "Editor review"


@dataclass(frozen=True)
class Role:
    models: tuple[str, ...] = ()  # "app_label.codename"; "app_label.*" for all of an app
    pages: tuple[str, ...] = ()  # Wagtail page permission types, on the whole tree
    images: tuple[str, ...] = ()  # image permission types, on every collection
    documents: tuple[str, ...] = ()
    everything: bool = False


ADMIN = "wagtailadmin.access_admin"
ROLES = {
    CONTRIBUTORS: Role(
        models=(ADMIN,), pages=("add",), images=("add", "choose"), documents=("add", "choose")
    ),
    EDITORS: Role(
        models=(ADMIN, "wagtailredirects.*"),
        pages=("add", "change", "publish", "lock", "unlock"),
        images=("add", "choose"),
        documents=("add", "change", "choose"),
    ),
    PHOTO_EDITORS: Role(models=(ADMIN,), images=("add", "change", "delete", "choose")),
    NEWSLETTER_EDITORS: Role(models=(ADMIN, "newsletter.*")),
    # Members and their payments are theirs alone: editors never see them.
    MEMBERSHIP_MANAGERS: Role(
        models=(ADMIN, "members.*", "core.add_tier", "core.change_tier", "core.delete_tier", "core.view_tier")
    ),
    ADMINISTRATORS: Role(
        everything=True,
        pages=("add", "bulk_delete", "change", "lock", "publish", "unlock"),
        images=("add", "change", "delete", "choose"),
        documents=("add", "change", "delete", "choose"),
    ),
}


def after_migrate(sender, using="default", **kwargs):
    # Permissions are made per app after migrating; make all of them now,
    # as the roles refer to other apps' permissions.
    for app_config in apps.get_app_configs():
        create_permissions(app_config, verbosity=0, using=using)
    ensure()


def _model_permissions(names) -> list[Permission]:
    found = []
    for name in names:
        app_label, codename = name.split(".")
        rows = Permission.objects.filter(content_type__app_label=app_label)
        found += rows if codename == "*" else [rows.get(codename=codename)]
    return found


@transaction.atomic
def ensure() -> dict[str, Group]:
    from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission, Page

    root_page = Page.get_first_root_node()
    root_collection = Collection.get_first_root_node()
    groups = {}
    for name, role in ROLES.items():
        group, _ = Group.objects.get_or_create(name=name)
        groups[name] = group
        group.permissions.set(
            Permission.objects.all() if role.everything else _model_permissions(role.models)
        )
        GroupPagePermission.objects.filter(group=group).delete()
        if root_page is not None:
            GroupPagePermission.objects.bulk_create(
                GroupPagePermission(group=group, page=root_page, permission=p)
                for p in Permission.objects.filter(
                    content_type__app_label="wagtailcore", codename__in=[f"{t}_page" for t in role.pages]
                )
            )
        GroupCollectionPermission.objects.filter(group=group).delete()
        if root_collection is not None:
            wanted = [f"{t}_image" for t in role.images] + [f"{t}_document" for t in role.documents]
            GroupCollectionPermission.objects.bulk_create(
                GroupCollectionPermission(group=group, collection=root_collection, permission=p)
                for p in Permission.objects.filter(
                    content_type__app_label__in=["wagtailimages", "wagtaildocs"], codename__in=wanted
                )
            )
    _retire_moderators(groups[EDITORS])
    if root_page is not None:
        _ensure_workflow(root_page, groups[EDITORS])
    return groups


def _retire_moderators(editors: Group) -> None:
    """Wagtail's starter group "Moderators" did what Editors do now: its
    members become Editors, so there is one group for one job."""
    moderators = Group.objects.filter(name="Moderators").first()
    if moderators is not None:
        editors.user_set.add(*moderators.user_set.all())
        moderators.delete()


def _ensure_workflow(root_page, editors: Group) -> None:
    """Every page is reviewed by an Editor before it is published: one
    workflow on the root page, one approval task for the Editors group.
    Wagtail's starter workflow (for "Moderators") is switched off."""
    from wagtail.models import Workflow, WorkflowPage, WorkflowTask

    from .models import EditorReviewTask

    task = EditorReviewTask.objects.filter(name=REVIEW).first()
    if task is None:
        task = EditorReviewTask.objects.create(name=REVIEW)
    task.groups.set([editors])
    workflow, _ = Workflow.objects.get_or_create(name=REVIEW)
    if not workflow.active:
        workflow.active = True
        workflow.save(update_fields=["active"])
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    WorkflowPage.objects.update_or_create(page=root_page, defaults={"workflow": workflow})
    for old in Workflow.objects.filter(name="Moderators approval", active=True):
        old.deactivate()
