import django_filters
from django.utils.translation import gettext_lazy as _

from projects.models import Project
from records.filters import PERIOD_STATUS_CHOICES, RecordFilterSet, filter_by_period_status, period_status


class ProjectFilter(RecordFilterSet):
    status = django_filters.MultipleChoiceFilter(
        label=_("Project status"), choices=PERIOD_STATUS_CHOICES, method="filter_status"
    )

    class Meta(RecordFilterSet.Meta):
        model = Project
        fields = []

    def filter_status(self, queryset, name, value):
        return filter_by_period_status(queryset, value)

    def column_facets(self):
        return [("status", period_status(), PERIOD_STATUS_CHOICES), *super().column_facets()]
