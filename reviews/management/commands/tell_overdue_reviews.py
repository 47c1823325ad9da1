"""Tell each reviewer whose review is overdue, and the secretariat, once. Run it daily; running it twice
tells nobody twice."""

from django.core.management.base import BaseCommand

from reviews.process import tell_overdue


class Command(BaseCommand):
    help = __doc__.splitlines()[0]

    def handle(self, *args, **options):
        self.stdout.write(f"{tell_overdue()} overdue reviews told")
