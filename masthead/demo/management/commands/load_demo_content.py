from django.core.management.base import BaseCommand

from masthead.demo.loader import load_demo_content, warm_pages


class Command(BaseCommand):
    help = "Build the demo magazine (idempotent) and print the demo logins."

    def add_arguments(self, parser):
        parser.add_argument(
            "--no-warm", action="store_true", help="Skip rendering each page once to make image sizes."
        )

    def handle(self, *args, no_warm=False, **options):
        logins = load_demo_content(log=self.stdout.write)
        if not no_warm:
            warm_pages(log=self.stdout.write)
        self.stdout.write("")
        for login in logins:
            password = login.password or "(set before; unchanged)"
            self.stdout.write(f"  {login.role:<14} login: {login.username:<8} password: {password}")
        self.stdout.write("  admin at /admin/")
