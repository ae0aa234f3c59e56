from django.core.management.base import BaseCommand

from masthead.core.stopping import stop_on_signals
from masthead.newsletter.delivery import Worker


class Command(BaseCommand):
    help = "Deliver newsletter editions: claim due deliveries and send them, in a loop. Run any number."

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="Stop when nothing is due.")
        parser.add_argument("--batch", type=int, help="Deliveries claimed at a time.")
        parser.add_argument("--idle", type=float, default=1.0, help="Seconds to wait when nothing is due.")

    def handle(self, *args, once=False, batch=None, idle=1.0, **options):
        worker = Worker(batch=batch)
        # SIGTERM finishes the message in hand, returns the rest of the batch, and exits.
        stop_on_signals(worker.stop)
        worker.run(once=once, idle=idle)
        self.stdout.write(f"delivered {worker.sent}")
