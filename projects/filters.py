from taxonomy.filters import RecordFilterSet

from projects.models import Project


class ProjectFilter(RecordFilterSet):
    class Meta:
        model = Project
        fields = ["q", "country", "gcm"]
