"""/demo/inbox/: the mail the demo site sent, so a visitor can confirm a
subscription without a mail server. Exists only with DEMO_MODE."""

from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render

from .models import InboxMessage


def index(request):
    return render(request, "demo/inbox.html", {"messages": InboxMessage.objects.all()[:200]})


def message(request, pk):
    return render(request, "demo/inbox_message.html", {"message": get_object_or_404(InboxMessage, pk=pk)})


def message_html(request, pk):
    """The HTML part as the reader's mail program would show it."""
    response = HttpResponse(get_object_or_404(InboxMessage, pk=pk).html)
    # Mail HTML is ours, but still: no scripts, no forms from it.
    response["Content-Security-Policy"] = "script-src 'none'; form-action 'none'"
    return response
