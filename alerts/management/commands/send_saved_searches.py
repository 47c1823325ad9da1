"""Mail each saved search's new records to its owner, as often as they chose. Run it daily; running it twice
sends nothing twice."""

from django.core.management.base import BaseCommand

from alerts.sending import send_due


class Command(BaseCommand):
    help = __doc__.splitlines()[0]

    def handle(self, *args, **options):
        self.stdout.write(f"{send_due()} saved searches mailed")
