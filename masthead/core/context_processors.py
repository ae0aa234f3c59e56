"""`settings` in templates, as Wagtail's context processor gives it, with
the site-wide (generic) settings kept per page-store generation, as the
navigation is: every page shows them, and saving them purges every page
(pagecache.receivers), which moves the generation on."""

from wagtail.contrib.settings.context_processors import SettingModuleProxy, SettingProxy
from wagtail.contrib.settings.models import BaseGenericSetting
from wagtail.contrib.settings.registry import registry

from masthead.core import tags


class _Apps(SettingProxy):
    def __missing__(self, app_label):
        self[app_label] = value = _Settings(self.request_or_site, app_label)
        return value


class _Settings(SettingModuleProxy):
    def get_setting(self, model_name):
        model = registry.get_by_natural_key(self.app_label, model_name)
        if model is not None and issubclass(model, BaseGenericSetting):
            return tags.shared(f"setting:{model._meta.label}", model.load)
        return super().get_setting(model_name)


def settings(request):
    return {"settings": _Apps(request_or_site=request)}
