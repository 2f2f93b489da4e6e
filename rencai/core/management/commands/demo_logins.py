from django.core.management.base import BaseCommand

from rencai.core import city
from rencai.core.demo import DEMO_PASSWORD, read_demo_users
from rencai.core.models import User


class Command(BaseCommand):
    help = "Print the configured city's demo users in this database, with the demo password."

    def handle(self, *args, **options):
        demo_users = read_demo_users(city.data_dir())  # the configured city's (RENCAI_CITY)
        existing = set(
            User.objects.filter(username__in=[u.username for u in demo_users]).values_list(
                "username", flat=True
            )
        )
        users = [u for u in demo_users if u.username in existing]
        if not users:
            self.stdout.write("No demo users in this database (run manage.py load_demo).")
            return
        self.stdout.write(f"Demo logins (password for all: {DEMO_PASSWORD}):")
        for username, label, *_ in users:
            self.stdout.write(f"  {username:<12} {label}")
