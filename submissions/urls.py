from django.urls import path, re_path

from submissions import views

app_name = "submissions"
urlpatterns = [
    path("submit/", views.new, name="new"),
    path("submit/upload/", views.upload, name="upload"),
    re_path(r"^submit/template\.(?P<kind>docx|odt)$", views.template_file, name="template"),
    path("my-submissions/", views.mine, name="mine"),
    path("my-submissions/<int:pk>/", views.edit, name="edit"),
]
