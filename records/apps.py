from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RecordsConfig(AppConfig):
    name = "records"
    verbose_name = _("Records")

    def ready(self):
        from django.db.backends.signals import connection_created

        from records.search import register_sqlite_functions

        # SQLite has no accent folding of its own; the search fallback brings one.
        connection_created.connect(register_sqlite_functions, dispatch_uid="records_sqlite_functions")
