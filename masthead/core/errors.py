"""The server-error page (urls.handler500). An error caused by the database
being out of reach (a restart, a fail-over, too many connections) is not
a fault of the page: it gets 503 and Retry-After, so readers, crawlers and
the load balancer know to come back, and it says so. Both pages are plain
templates that need no database."""

import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template import loader
from django.views.decorators.csrf import requires_csrf_token

RETRY_AFTER = "30"  # seconds


@requires_csrf_token
def server_error(request):
    if isinstance(sys.exception(), OperationalError | InterfaceError):
        response = HttpResponse(loader.render_to_string("503.html"), status=503)
        response["Retry-After"] = RETRY_AFTER
        return response
    return HttpResponse(loader.render_to_string("500.html"), status=500)
