from django.core.management.base import BaseCommand, CommandError

from masthead.demo.corpus import make_corpus


class Command(BaseCommand):
    help = "Add a large archive of generated articles (for scale tests and benchmarks)."

    def add_arguments(self, parser):
        parser.add_argument("--articles", type=int, default=100_000)
        parser.add_argument("--seed", type=int, default=1)

    def handle(self, *args, articles, seed, **options):
        if articles < 1:
            raise CommandError("--articles must be at least 1")
        try:
            added = make_corpus(articles, seed=seed, log=self.stdout.write)
        except RuntimeError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(f"Added {added:,} articles.")
