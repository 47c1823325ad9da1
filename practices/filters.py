from practices.models import Practice
from taxonomy.filters import RecordFilterSet


class PracticeFilter(RecordFilterSet):
    class Meta:
        model = Practice
        fields = ["q", "country", "gcm"]
