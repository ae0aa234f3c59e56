from django.db import models


class Membership(models.Model):
    """The listings a live page was in when last published, so the next
    publish purges only the listings it enters."""

    page_id = models.BigIntegerField(primary_key=True)
    tags = models.TextField(blank=True)

    def __str__(self):
        return f"page {self.page_id}: {self.tags}"

    def tag_set(self) -> set[str]:
        return set(self.tags.split()) if self.tags else set()
