from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RecordsConfig(AppConfig):
    name = "records"
    verbose_name = _("Records")

    def ready(self):
        from records import documents, memory

        # Each published record's search document follows every change of what it holds.
        documents.connect()
        memory.looked_at_once()
