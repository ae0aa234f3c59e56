import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "masthead.settings")

from masthead.pagecache.wsgi import CachedApplication  # noqa: E402  (needs the settings module set)

# Cached pages are answered in front of Django; everything else goes through.
application = CachedApplication(get_wsgi_application())
