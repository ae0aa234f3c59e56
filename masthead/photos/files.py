import io

from django.core.files.images import ImageFile

from .models import Photo
from .uploads import verified


def save_photo(data: bytes, filename: str, **fields) -> Photo:
    """Store image bytes as a Photo, with its size and hash read from the
    file. Raises ValidationError for what an upload would be refused for."""
    verified(data, filename)
    photo = Photo(**fields)
    photo.file = ImageFile(io.BytesIO(data), name=filename)
    photo._set_image_file_metadata()
    photo.save()
    return photo
