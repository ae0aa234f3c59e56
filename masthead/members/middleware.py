"""Who is reading, for the renders Django makes: sets `request.access_level`
(core/access.py) and keeps the member's level cookie in step with it, so
the page cache's front can answer their next requests by level."""

from masthead.core import access
from masthead.pagecache import store

from . import levels
from .models import Member


class LevelMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        member = None
        level = request.environ.get(access.ANONYMOUS_LEVEL_ENV, access.ANONYMOUS)
        if request.user.is_authenticated:
            member = Member.objects.select_related("tier", "comp_tier").filter(user=request.user).first()
            level = access.STAFF if member is None else levels.level_of(member)
            if member is not None and level != member.level:
                levels.refresh(member)
        request.access_level = level
        request.member = member
        response = self.get_response(request)
        claim = access.read(request.COOKIES.get(access.COOKIE, ""))
        if member is not None and request.user.is_authenticated:
            if claim is None or claim.member_id != member.pk or claim.level != level or not _current(claim):
                levels.set_cookie(response, member, level)
        elif claim is not None or access.COOKIE in request.COOKIES:
            levels.clear_cookie(response)  # signed out, or staff: no member's copies
        return response


def _current(claim: access.Claim) -> bool:
    return store.unpurged_since(access.member_tag(claim.member_id), claim.gen)
