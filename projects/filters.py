from projects.models import Project
from taxonomy.filters import RecordFilterSet


class ProjectFilter(RecordFilterSet):
    class Meta:
        model = Project
        fields = ["q", "country", "gcm"]
