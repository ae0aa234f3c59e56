from django.shortcuts import render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST


@csrf_exempt  # it stores nothing, and cached pages cannot carry a per-visitor token
@require_POST
def newsletter_signup(request):
    """Stands in for sign-up until the newsletter app exists: it says so
    plainly and keeps nothing, not even in the logs."""
    return render(request, "core/newsletter_not_open.html", status=503)
