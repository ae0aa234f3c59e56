import io

from django.core.files.images import ImageFile

from .models import Photo


def save_photo(data: bytes, filename: str, **fields) -> Photo:
    """Store image bytes as a Photo, with its size and hash read from the file."""
    photo = Photo(**fields)
    photo.file = ImageFile(io.BytesIO(data), name=filename)
    photo._set_image_file_metadata()
    photo.save()
    return photo
