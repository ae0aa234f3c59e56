from django.core.management.base import BaseCommand

from masthead.core.stopping import every
from masthead.newsroom.schedule import run_due


class Command(BaseCommand):
    help = "Carry out scheduled go-lives and expiries, every --interval seconds. Run one or more."

    def add_arguments(self, parser):
        parser.add_argument("--interval", type=float, default=20.0, help="Seconds between ticks.")
        parser.add_argument("--once", action="store_true", help="One tick, then stop.")

    def handle(self, *args, interval=20.0, once=False, **options):
        every(interval, once, self.tick)

    def tick(self):
        tick = run_due()
        for page in tick.published:
            self.stdout.write(f"published {page}")
        for page in tick.unpublished:
            self.stdout.write(f"unpublished {page}")
        for miss in tick.late:
            self.stdout.write(f"late by {miss.lateness}: {miss.get_action_display()} of {miss.page}")
