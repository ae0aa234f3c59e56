from django.apps import AppConfig


class NewsletterConfig(AppConfig):
    name = "masthead.newsletter"
    label = "newsletter"
    verbose_name = "Newsletter"
    # Rows that make a site not empty (a restore refuses to overwrite them).
    site_content = ("Subscriber",)

    def ready(self):
        from . import receivers  # noqa: F401  (bounce and complaint webhooks)
