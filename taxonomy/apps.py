from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TaxonomyConfig(AppConfig):
    name = "taxonomy"
    verbose_name = _("Reference lists")

    def ready(self):
        from django.db.backends.signals import connection_created

        from taxonomy import cache, checks  # noqa: F401 (checks registers itself)
        from taxonomy.search import register_sqlite_functions

        cache.connect()

        # SQLite has no accent folding of its own; the search fallback brings one.
        connection_created.connect(register_sqlite_functions, dispatch_uid="taxonomy_sqlite_functions")
