from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Print the demo users and their passwords."

    def handle(self, *args, **options):
        from rencai.core.demo import DEMO_PASSWORD, DEMO_USERS

        self.stdout.write(f"Demo logins (password for all: {DEMO_PASSWORD}):")
        for username, label, *_ in DEMO_USERS:
            self.stdout.write(f"  {username:<22} {label}")
