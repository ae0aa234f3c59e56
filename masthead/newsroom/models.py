from django.db import models
from django.urls import reverse
from wagtail.models import AbstractGroupApprovalTask


class EditorReviewTask(AbstractGroupApprovalTask):
    """Wagtail's group approval, with one more condition: approving
    publishes, so a piece whose pictures lack a credit or a licence is
    not approved; the reviewer is sent to the editor, which says why."""

    def on_action(self, task_state, user, action_name, **kwargs):
        if action_name == "approve":
            page = task_state.revision.as_object()
            if picture_problems(page):
                return reverse("wagtailadmin_pages:edit", args=[page.pk])
        return super().on_action(task_state, user, action_name, **kwargs)

    class Meta:
        verbose_name = "editor review"
        verbose_name_plural = "editor reviews"


def picture_problems(page) -> list[str]:
    from masthead.photos import rights

    picture_uses = getattr(page, "picture_uses", None)
    return rights.problems(picture_uses()) if picture_uses else []


class ScheduleMiss(models.Model):
    """A go-live or expiry carried out more than a minute late, because
    no worker was running at its time: staff see these on the dashboard
    and in the page's history."""

    PUBLISH, UNPUBLISH = "publish", "unpublish"

    page = models.ForeignKey("wagtailcore.Page", on_delete=models.CASCADE, related_name="+")
    action = models.CharField(max_length=10, choices=[(PUBLISH, "go live"), (UNPUBLISH, "expiry")])
    due_at = models.DateTimeField()
    done_at = models.DateTimeField()

    class Meta:
        ordering = ["-done_at"]

    def __str__(self):
        return f"{self.get_action_display()} of page {self.page_id}, due {self.due_at:%Y-%m-%d %H:%M}"

    @property
    def lateness(self):
        return self.done_at - self.due_at


class ImportRecord(models.Model):
    """Which page a post of an earlier import became, and what it looked
    like then: a re-run updates what changed and creates no duplicates."""

    source = models.CharField(max_length=20)  # "wordpress", "ghost" or "substack"
    source_id = models.CharField(max_length=100)
    page = models.ForeignKey("wagtailcore.Page", on_delete=models.CASCADE, related_name="+")
    checksum = models.CharField(max_length=64)
    imported_at = models.DateTimeField(auto_now=True)
    # The revision the import made: a later one is an editor's, which a
    # re-run does not overwrite.
    revision = models.ForeignKey(
        "wagtailcore.Revision", null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        constraints = [models.UniqueConstraint(fields=["source", "source_id"], name="import_once")]
        permissions = [("run_import", "Can import WordPress, Ghost and Substack exports")]

    def __str__(self):
        return f"{self.source} {self.source_id} → page {self.page_id}"


class ImportRun(models.Model):
    """One import, kept with its report: what became of each item."""

    source = models.CharField(max_length=20)
    file_name = models.CharField(max_length=255)
    started_at = models.DateTimeField(auto_now_add=True)
    by = models.ForeignKey("core.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    dry_run = models.BooleanField(default=False)
    notes = models.JSONField(default=list)  # the report's lines about the file as a whole
    # An import runs as a task; its page shows how far it has come.
    STATUSES = ["queued", "running", "done", "failed"]
    status = models.CharField(max_length=10, choices=[(s, s) for s in STATUSES], default="done")
    total = models.PositiveIntegerField(default=0)  # posts in the file
    done = models.PositiveIntegerField(default=0)  # posts written and committed
    error = models.TextField(blank=True)  # why a failed run stopped
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-started_at", "-pk"]

    def __str__(self):
        return f"{self.get_source_display()} import of {self.file_name}"

    @property
    def working(self) -> bool:
        return self.status in ("queued", "running")

    def get_source_display(self):
        return {"wordpress": "WordPress", "ghost": "Ghost", "substack": "Substack"}.get(
            self.source, self.source
        )

    def outcomes(self) -> dict:
        counted = self.items.values("outcome").annotate(n=models.Count("pk"))
        return {row["outcome"]: row["n"] for row in counted}


class ImportUpload(models.Model):  # noqa: DJ008 - read only by the import's task
    """The file an administrator uploaded and the choices made with it,
    kept in the database (not on one host's disk) for the worker that runs
    the import, and deleted when it has run."""

    run = models.OneToOneField(ImportRun, on_delete=models.CASCADE, related_name="upload")
    data = models.BinaryField()
    mapping = models.TextField(blank=True)
    media = models.CharField(max_length=255, blank=True)  # a folder under IMPORT_MEDIA_ROOT
    fetch = models.BooleanField(default=False)
    site = models.CharField(max_length=500, blank=True)


class ImportItem(models.Model):  # noqa: DJ008 - shown only as a row of its run
    OUTCOMES = ["created", "updated", "unchanged", "skipped", "conflict"]

    run = models.ForeignKey(ImportRun, on_delete=models.CASCADE, related_name="items")
    position = models.PositiveIntegerField()
    source_id = models.CharField(max_length=100)
    title = models.CharField(max_length=300)
    old_url = models.CharField(max_length=500, blank=True)
    page = models.ForeignKey(
        "wagtailcore.Page", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    outcome = models.CharField(max_length=10, choices=[(o, o) for o in OUTCOMES])
    notes = models.JSONField(default=list)  # losses, flags and reasons, one sentence each

    class Meta:
        ordering = ["run", "position"]
