"""What this site counts about its readers, as its settings have it now:
the privacy page shows it (StandardPage "Say what this site counts"), so
that turning a count on or off changes what readers are told."""

from django.conf import settings


def counting() -> dict:
    return {
        "raw_days": settings.ANALYTICS_RAW_DAYS,
        "honour_dnt": settings.ANALYTICS_HONOUR_DNT,
        "newsletter_engagement": settings.NEWSLETTER_ENGAGEMENT,
        "registration_wall": settings.MEMBERS_REGISTRATION_WALL,
    }
