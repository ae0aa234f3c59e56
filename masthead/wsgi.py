import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "masthead.settings")

django_application = get_wsgi_application()

from masthead.analytics.front import BeaconApplication  # noqa: E402  (needs the apps loaded)
from masthead.members.meter import MeterApplication  # noqa: E402
from masthead.pagecache.wsgi import CachedApplication  # noqa: E402

# Beacons and cached pages are answered in front of Django; everything else
# goes through. The registration wall's meter (off by default) counts both.
application = BeaconApplication(MeterApplication(CachedApplication(django_application)))
