"""`settings` in templates (`settings.core.MagazineSettings.tagline`), as
Wagtail's settings context processor gives it, for the site-wide (generic)
settings masthead registers. Each is read once per page-store generation,
as the navigation is: every page shows them, and saving them purges every
page (pagecache.receivers), which moves the generation on."""

from django.apps import apps
from wagtail.contrib.settings.models import BaseGenericSetting

from masthead.core import tags


class _AppSettings:
    def __init__(self, app_label: str):
        self.app_label = app_label

    def __getitem__(self, model_name: str):
        try:
            model = apps.get_model(self.app_label, model_name)
        except LookupError:
            raise KeyError(model_name) from None
        if not issubclass(model, BaseGenericSetting):
            raise KeyError(model_name)
        return tags.shared(f"setting:{model._meta.label}", model.load)


class _Settings(dict):
    def __missing__(self, app_label: str):
        self[app_label] = found = _AppSettings(app_label)
        return found


def settings(request):
    return {"settings": _Settings()}
