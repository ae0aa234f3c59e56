"""What a picture file must be before it is stored, whichever way it comes
in: the admin's upload forms (WAGTAILIMAGES_IMAGE_FORM_BASE), the chooser,
the multiple uploader and the importers (`save_photo`).

Wagtail already sniffs the format from the bytes (a PNG named .jpg is
refused), refuses SVG (not in WAGTAILIMAGES_EXTENSIONS), oversized files and
images whose header claims more than WAGTAILIMAGES_MAX_IMAGE_PIXELS. What it
reads is only the header, so a file that is a valid header and then garbage
would be stored and fail later, on a reader's page, when its first rendition
is made. Here the whole picture is decoded once, under the same pixel limit,
so that it is refused now, with a message, instead."""

import warnings

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image
from wagtail.images.fields import WagtailImageField
from wagtail.images.forms import BaseImageForm

MAX_FRAMES = 500  # an animated GIF or WebP; each frame is decoded


def _damaged(error: Exception) -> ValidationError:
    return ValidationError(
        "This picture is damaged or incomplete and cannot be read (%(error)s). "
        "Export it again from your picture software and upload the new file.",
        code="invalid_image_data",
        params={"error": str(error)[:120] or type(error).__name__},
    )


def check_decodes(f) -> None:
    """Decode every pixel of every frame; raise ValidationError if the
    file is damaged or turns out bigger than its header said."""
    f.seek(0)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(f) as image:
                for frame in range(min(getattr(image, "n_frames", 1), MAX_FRAMES)):
                    image.seek(frame)
                    image.load()
    except (Image.DecompressionBombWarning, Image.DecompressionBombError):
        raise ValidationError(
            "This picture has too many pixels to be processed safely.", code="file_too_many_pixels"
        ) from None
    except Exception as error:  # noqa: BLE001  (Pillow raises many kinds for a broken file)
        raise _damaged(error) from None
    finally:
        f.seek(0)


class VerifiedImageField(WagtailImageField):
    def check_image_pixel_size(self, f):
        # Willow decodes some formats to read their size; Wagtail lets what
        # that raises for a damaged file through as a server error.
        try:
            super().check_image_pixel_size(f)
        except ValidationError:
            raise
        except Exception as error:  # noqa: BLE001
            raise _damaged(error) from None

    def to_python(self, data):
        f = super().to_python(data)
        if f is not None:
            check_decodes(f)
        return f


class PhotoForm(BaseImageForm):
    """The admin's picture form: Wagtail's, with the file fully checked.
    The field is swapped in here, not declared, because the multiple
    uploader's edit form leaves `file` out and a declared field would
    bring it back."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if generated := self.fields.get("file"):
            self.fields["file"] = VerifiedImageField(
                label=generated.label, required=generated.required, widget=generated.widget
            )


def verified(data: bytes, filename: str) -> SimpleUploadedFile:
    """Bytes from anywhere else (an import) checked as an upload is;
    raises ValidationError with the same messages."""
    upload = SimpleUploadedFile(filename, data)
    VerifiedImageField().clean(upload)
    upload.seek(0)
    return upload
