import django_filters
from django.db.models import F
from django.utils.translation import gettext_lazy as _

from practices.models import Practice
from records.filters import RecordFilterSet


class PracticeFilter(RecordFilterSet):
    type = django_filters.MultipleChoiceFilter(
        label=_("Type of practice"), field_name="practice_type", choices=Practice.Type.choices
    )

    class Meta(RecordFilterSet.Meta):
        model = Practice
        fields = []

    def column_facets(self):
        return [("type", F("practice_type"), Practice.Type.choices), *super().column_facets()]
