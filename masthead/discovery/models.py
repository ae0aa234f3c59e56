from django.contrib.postgres.search import SearchVectorField
from django.db import models


class TermCount(models.Model):
    """How many fingerprinted articles use a term: the IDF of related stories."""

    term = models.CharField(max_length=40, primary_key=True)
    articles = models.PositiveIntegerField(default=0)

    def __str__(self):
        return f"{self.term}: {self.articles}"


class Fingerprint(models.Model):
    """The distinct terms of a live article as last counted, so a new
    version moves the counts by the difference only."""

    article = models.OneToOneField(
        "articles.ArticlePage", primary_key=True, on_delete=models.CASCADE, related_name="+"
    )
    terms = models.JSONField(default=list)
    computed_at = models.DateTimeField(auto_now=True)

    def __str__(self):
        return f"{self.article_id}: {len(self.terms)} terms"


class Posting(models.Model):
    """One of an article's strongest terms, weighted in its unit TF-IDF
    vector: the inverted index that finds articles sharing words."""

    article = models.ForeignKey("articles.ArticlePage", on_delete=models.CASCADE, related_name="+")
    term = models.CharField(max_length=40)
    weight = models.FloatField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["article", "term"], name="posting_article_term")]
        indexes = [models.Index(fields=["term"], name="posting_term")]

    def __str__(self):
        return f"{self.article_id}: {self.term} {self.weight:.3f}"


class RelatedStory(models.Model):
    """One entry of an article's stored related-stories rail, in order:
    the editor's pins first, then the computed stories."""

    article = models.ForeignKey(
        "articles.ArticlePage", on_delete=models.CASCADE, related_name="related_stories"
    )
    related = models.ForeignKey("articles.ArticlePage", on_delete=models.CASCADE, related_name="+")
    position = models.PositiveSmallIntegerField()
    score = models.FloatField(null=True, blank=True)  # empty for a pin
    pinned = models.BooleanField(default=False)

    class Meta:
        ordering = ["article", "position"]
        constraints = [models.UniqueConstraint(fields=["article", "related"], name="related_once")]
        indexes = [models.Index(fields=["article", "position"], name="related_rail")]

    def __str__(self):
        return f"{self.article_id} → {self.related_id}"


class SearchEntry(models.Model):
    """A page as reader search finds it: its headline and the rest of its
    searchable text, written by `engine.store` when the page is saved.

    The text is kept on SQLite, where the FTS5 table of migration 0006
    indexes it (triggers keep the two in step); on PostgreSQL only the
    vectors are kept, made from the text as it is written. The id grows
    with each page first indexed: the engine reads the newest matches by it.
    Every page of the indexed types has one, live or not: the page decides."""

    page = models.OneToOneField("wagtailcore.Page", on_delete=models.CASCADE, related_name="+")
    content_type = models.ForeignKey("contenttypes.ContentType", on_delete=models.CASCADE, related_name="+")
    title = models.TextField(blank=True)
    body = models.TextField(blank=True)
    title_vector = SearchVectorField(null=True)
    body_vector = SearchVectorField(null=True)

    class Meta:
        verbose_name_plural = "search entries"

    def __str__(self):
        return f"{self.page_id}: {self.title[:40]}"
