"""What is counted, and what is kept of it.

Raw events are kept ANALYTICS_RAW_DAYS days; the daily rollups are kept.
No IP address and no cookie: a visitor is a hash of the day's salt, the IP
and the user agent, and the salt is deleted when its day is over, so no one
(masthead included) can link a visitor to another day's."""

from django.db import models


class Salt(models.Model):
    day = models.DateField(unique=True)
    value = models.CharField(max_length=64)

    def __str__(self):
        return str(self.day)


class Event(models.Model):
    """One page view."""

    at = models.DateTimeField(db_index=True)
    page_id = models.PositiveIntegerField(null=True, blank=True)
    path = models.CharField(max_length=300)
    # Where the reader came from: a campaign (utm_source or ref), another
    # site's host, or "" (typed, bookmarked, or this site).
    source = models.CharField(max_length=100, blank=True)
    referrer = models.CharField(max_length=100, blank=True)
    device = models.CharField(max_length=8)
    visitor = models.CharField(max_length=16)

    class Meta:
        indexes = [models.Index(fields=["page_id", "at"], name="event_page")]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.path}"


class DailyPageStat(models.Model):
    """One day of one page, per source and device class."""

    day = models.DateField()
    page_id = models.PositiveIntegerField(null=True, blank=True)
    source = models.CharField(max_length=100, blank=True)
    referrer = models.CharField(max_length=100, blank=True)
    device = models.CharField(max_length=8)
    views = models.PositiveIntegerField(default=0)
    visitors = models.PositiveIntegerField(default=0)

    class Meta:
        indexes = [
            models.Index(fields=["day"], name="stat_day"),
            models.Index(fields=["page_id", "day"], name="stat_page"),
        ]

    def __str__(self):
        return f"{self.day} page {self.page_id}: {self.views}"


class PageDay(models.Model):
    """One day of one page, all sources and devices together: what the
    dashboard's most-read table and the rail's week read."""

    day = models.DateField()
    page_id = models.PositiveIntegerField()
    views = models.PositiveIntegerField(default=0)
    visitors = models.PositiveIntegerField(default=0)

    class Meta:
        indexes = [models.Index(fields=["day", "page_id"], name="pageday_day")]

    def __str__(self):
        return f"{self.day} page {self.page_id}: {self.views}"


class SiteDay(models.Model):
    """One day of the whole site by one dimension (source, referrer or
    device): a handful of rows a day, whatever the archive's size."""

    day = models.DateField()
    dimension = models.CharField(max_length=8)
    value = models.CharField(max_length=100, blank=True)
    views = models.PositiveIntegerField(default=0)

    class Meta:
        indexes = [models.Index(fields=["dimension", "day"], name="siteday_day")]

    def __str__(self):
        return f"{self.day} {self.dimension}={self.value}: {self.views}"


class DailyTotal(models.Model):
    """The whole site's day: views and distinct visitors."""

    day = models.DateField(unique=True)
    views = models.PositiveIntegerField(default=0)
    visitors = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["day"]

    def __str__(self):
        return f"{self.day}: {self.views}"
