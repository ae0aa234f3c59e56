from django.core.management.base import BaseCommand

from masthead.analytics import most_read, rollups
from masthead.core.stopping import every


class Command(BaseCommand):
    help = "Every --interval seconds: roll today's events up, prune what is past keeping, rank the most read."

    def add_arguments(self, parser):
        parser.add_argument("--interval", type=float, default=120.0, help="Seconds between rounds.")
        parser.add_argument("--once", action="store_true", help="One round, then stop.")

    def handle(self, *args, interval=120.0, once=False, **options):
        def work():
            rollups.upkeep()
            most_read.refresh()

        every(interval, once, work)
