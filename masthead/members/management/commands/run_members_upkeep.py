from django.core.management.base import BaseCommand

from masthead.core.stopping import every
from masthead.members import levels, webhooks


class Command(BaseCommand):
    help = (
        "Every --interval seconds: drop members whose grace period, comp or paid period ended to the level "
        "they now have, and handle again Stripe events whose handling failed."
    )

    def add_arguments(self, parser):
        parser.add_argument("--interval", type=float, default=300.0, help="Seconds between rounds.")
        parser.add_argument("--once", action="store_true", help="One round, then stop.")

    def handle(self, *args, interval=300.0, once=False, **options):
        def work():
            changed = levels.expire_due()
            retried = webhooks.retry_failed()
            if changed or retried:
                self.stdout.write(f"{changed} member level(s) changed, {retried} Stripe event(s) handled")

        every(interval, once, work)
