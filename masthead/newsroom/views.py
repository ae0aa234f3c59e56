from django.core.exceptions import PermissionDenied
from django.shortcuts import render

from . import licences


def licence_report(request):
    if not licences.may_see(request.user):
        raise PermissionDenied
    return render(request, "newsroom/licence_report.html", {"rows": licences.report()})
