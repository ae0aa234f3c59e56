import hashlib
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
    # Wagtail's duplicate check compares these: the SHA-1 of the bytes, as it hashes uploads.
    photo.file_size = len(data)
    photo.file_hash = hashlib.sha1(data, usedforsecurity=False).hexdigest()
    photo.save()
    return photo
