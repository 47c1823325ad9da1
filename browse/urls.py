from django.urls import path

from browse import views

app_name = "browse"
urlpatterns = [
    path("about/", views.about, name="about"),
    path("search/", views.search_page, name="search"),
    path("coverage/", views.coverage, name="coverage"),
    path("coverage/<slug:chart>.csv", views.coverage_csv, name="coverage_csv"),
    path("objectives/<int:number>/", views.gcm_objective, name="gcm_objective"),
    path("gcr-objectives/<int:number>/", views.gcr_objective, name="gcr_objective"),
    path("principles/<int:number>/", views.principle, name="principle"),
    path("sdgs/<int:number>/", views.sdg, name="sdg"),
    path("countries/<str:code>/", views.country, name="country"),
    path("beneficiaries/<slug:slug>/", views.beneficiary, name="beneficiary"),
    path("organisations/<int:pk>/", views.organisation, name="organisation"),
    path("organisations/autocomplete/", views.organisation_autocomplete, name="organisation_autocomplete"),
]
