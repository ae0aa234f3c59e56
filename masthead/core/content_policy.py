"""The Content Security Policy (settings.CONTENT_SECURITY_POLICY) and where
browsers report what it blocked.

Reader pages get the strict policy as it is. Wagtail's admin still writes
inline scripts and styles (its widgets' set-up code, with ids in it, so no
hash can name them; Wagtail's CSP work is unfinished), so under /admin/
those two directives also allow inline code; every other directive, and
every script and style file, stays as strict.

Reports (`report-uri`) are logged as warnings, so a policy that breaks a
page shows up in the server's log, not only in someone's console. They are
small JSON documents; anything else is refused, and so is more than
CSP_REPORTS_PER_IP_MINUTE from one address (a page cannot flood the log)."""

import json
import logging

from csp.middleware import CSPMiddleware, PolicyParts
from django.conf import settings
from django.http import HttpResponse, HttpResponseBadRequest
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from .ratelimit import client_ip, over_limit

log = logging.getLogger("masthead.csp")
MAX_REPORT_BYTES = 16 * 1024
ADMIN_PREFIX = "/admin/"
ADMIN_INLINE = {
    "script-src": ["'self'", "'unsafe-inline'"],
    "style-src": ["'self'", "'unsafe-inline'"],
}


class ContentPolicyMiddleware(CSPMiddleware):
    def get_policy_parts(self, request, response, report_only=False) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only)
        if request.path.startswith(ADMIN_PREFIX) and parts.replace is None:
            parts.replace = ADMIN_INLINE
        return parts


@csrf_exempt  # sent by the browser itself, with no form and no token
@require_POST
def csp_report(request):
    if over_limit("csp-report", client_ip(request), settings.CSP_REPORTS_PER_IP_MINUTE, seconds=60):
        return HttpResponse(
            "Too many reports; try again in a minute.", status=429, headers={"Retry-After": "60"}
        )
    if len(request.body) > MAX_REPORT_BYTES:
        return HttpResponseBadRequest("A report is at most 16 KB.")
    try:
        report = json.loads(request.body)
    except ValueError:
        return HttpResponseBadRequest("A report is a JSON document.")
    body = report.get("csp-report") if isinstance(report, dict) else None
    if not isinstance(body, dict):
        return HttpResponseBadRequest('A report is {"csp-report": {...}}.')
    log.warning(
        "CSP violation: %s blocked %s on %s",
        str(body.get("violated-directive") or body.get("effective-directive"))[:200],
        str(body.get("blocked-uri"))[:200],
        str(body.get("document-uri"))[:200],
    )
    return HttpResponse(status=204)
