from django.apps import AppConfig


class PhotosConfig(AppConfig):
    name = "masthead.photos"
    label = "photos"

    def ready(self):
        from . import location

        location.install()
