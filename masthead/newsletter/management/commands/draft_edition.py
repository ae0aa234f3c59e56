from django.core.management.base import BaseCommand, CommandError

from masthead.newsletter.editions import draft_edition
from masthead.newsletter.models import Newsletter


class Command(BaseCommand):
    help = "Draft this week's edition of a newsletter from the articles published in the last seven days."

    def add_arguments(self, parser):
        parser.add_argument("newsletter", help="The newsletter's slug.")

    def handle(self, *args, newsletter, **options):
        found = Newsletter.objects.filter(slug=newsletter).first()
        if found is None:
            known = ", ".join(Newsletter.objects.values_list("slug", flat=True)) or "none yet"
            raise CommandError(f"No newsletter {newsletter!r}; known: {known}.")
        edition = draft_edition(found)
        self.stdout.write(
            f"Drafted edition {edition.pk}: {edition.subject} ({edition.items.count()} stories)"
        )
