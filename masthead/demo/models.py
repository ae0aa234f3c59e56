from django.db import models


class InboxMessage(models.Model):
    """A mail the demo site "sent": kept for /demo/inbox/ instead of leaving the machine."""

    created_at = models.DateTimeField(auto_now_add=True)
    to = models.CharField(max_length=1000)
    subject = models.CharField(max_length=300)
    headers = models.JSONField(default=dict)
    text = models.TextField(blank=True)
    html = models.TextField(blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.subject} (to {self.to})"
