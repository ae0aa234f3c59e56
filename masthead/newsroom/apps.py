from django.apps import AppConfig
from django.db.models.signals import post_migrate


class NewsroomConfig(AppConfig):
    name = "masthead.newsroom"
    label = "newsroom"
    verbose_name = "Newsroom"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import receivers, roles  # noqa: F401  (receivers: sign-ins into the audit log)

        # After every migrate (and every test database flush): the roles
        # and the review workflow are data the code depends on.
        post_migrate.connect(roles.after_migrate, sender=self)
