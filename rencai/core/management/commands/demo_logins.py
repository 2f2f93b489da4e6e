from django.core.management.base import BaseCommand

from rencai.core.demo import DEMO_PASSWORD, DEMO_USERS
from rencai.core.models import User


class Command(BaseCommand):
    help = "Print the demo users that exist in this database, with the demo password."

    def handle(self, *args, **options):
        existing = set(
            User.objects.filter(username__in=[u.username for u in DEMO_USERS]).values_list(
                "username", flat=True
            )
        )
        users = [u for u in DEMO_USERS if u.username in existing]
        if not users:
            self.stdout.write("No demo users in this database (run manage.py load_demo).")
            return
        self.stdout.write(f"Demo logins (password for all: {DEMO_PASSWORD}):")
        for username, label, *_ in users:
            self.stdout.write(f"  {username:<12} {label}")
