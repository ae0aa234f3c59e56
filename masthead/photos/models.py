from django.db import models
from django.utils import timezone
from wagtail.images.models import AbstractImage, AbstractRendition, Image


class Photo(AbstractImage):
    """An image with what a picture desk tracks: who took it, for which
    agency, under which licence, and until when we may show it."""

    caption = models.TextField(blank=True, help_text="Default caption; a page may override it.")
    credit = models.CharField(
        max_length=255,
        blank=True,
        help_text="Needed before a page showing the picture can be published (unless the page gives one). "
        'Photographer and agency, e.g. "REUTERS/Jane Doe" or "Jane Doe via shutterstock.com".',
    )
    agency_reference = models.CharField(
        max_length=100, blank=True, help_text="The agency's id for this picture, e.g. a stock number."
    )
    licence_expires = models.DateField(
        null=True, blank=True, help_text="Last day we may publish this picture. Blank: no end."
    )

    admin_form_fields = Image.admin_form_fields + (
        "caption",
        "credit",
        "agency_reference",
        "licence_expires",
    )

    def save(self, *args, **kwargs):
        if self._state.adding and self.file and not (self.caption and self.credit):
            self.prefill_from_file()
        return super().save(*args, **kwargs)

    def prefill_from_file(self) -> None:
        """A new picture takes the caption and credit its file carries
        (IPTC, XMP or EXIF), where the uploader left them blank."""
        from .metadata import read

        embedded = read(self.file)
        self.caption = self.caption or embedded.caption
        self.credit = self.credit or embedded.full_credit[:255]

    @property
    def licence_expired(self) -> bool:
        return self.licence_expires is not None and self.licence_expires < timezone.localdate()


class PhotoRendition(AbstractRendition):
    image = models.ForeignKey(Photo, on_delete=models.CASCADE, related_name="renditions")

    class Meta:
        unique_together = (("image", "filter_spec", "focal_point_key"),)

    def get_upload_to(self, filename):
        """Renditions are served as immutable for a year, so their names
        carry the source file's hash: a replaced picture gets new names."""
        stem = (self.image.file_hash or "")[:8]
        return super().get_upload_to(f"{stem}-{filename}" if stem else filename)
