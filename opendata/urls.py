"""Downloads and feeds of the lists, under each language's prefix.

A dot in the last segment keeps these apart from the record pages (`practices/<slug>/`).
"""

from django.urls import path

from opendata import feeds, views
from records.models import SUMMARY_PDF

app_name = "opendata"
urlpatterns = [
    path("practices/export.csv", views.practices_export, {"format": "csv"}, name="practices_csv"),
    path("practices/export.json", views.practices_export, {"format": "json"}, name="practices_json"),
    path("practices/export.pdf", views.practices_pdf, name="practices_pdf"),
    # Under the record's page, for the page cache to refresh both at once (Record.public_paths).
    path(f"practices/<slug:slug>/{SUMMARY_PDF}", views.practice_pdf, name="practice_pdf"),
    path("practices/feed.rss", feeds.PracticeFeed(), name="practices_rss"),
    path("practices/feed.atom", feeds.PracticeAtomFeed(), name="practices_atom"),
    path("projects/export.csv", views.projects_export, {"format": "csv"}, name="projects_csv"),
    path("projects/export.json", views.projects_export, {"format": "json"}, name="projects_json"),
    path("projects/export.pdf", views.projects_pdf, name="projects_pdf"),
    path(f"projects/<slug:slug>/{SUMMARY_PDF}", views.project_pdf, name="project_pdf"),
    path("projects/feed.rss", feeds.ProjectFeed(), name="projects_rss"),
    path("projects/feed.atom", feeds.ProjectAtomFeed(), name="projects_atom"),
]
