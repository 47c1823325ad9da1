from taxonomy.filters import RecordFilterSet

from practices.models import Practice


class PracticeFilter(RecordFilterSet):
    class Meta:
        model = Practice
        fields = ["q", "country", "gcm"]
