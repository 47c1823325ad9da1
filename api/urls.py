from django.urls import path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from api import docs, views

app_name = "api"

router = DefaultRouter()
router.register("practices", views.PracticeViewSet, basename="practice")
router.register("projects", views.ProjectViewSet, basename="project")
router.register("organisations", views.OrganisationViewSet, basename="organisation")
router.register("gcm-objectives", views.GCMObjectiveViewSet, basename="gcm-objective")
router.register("countries", views.CountryViewSet, basename="country")
router.register("beneficiaries", views.BeneficiaryViewSet, basename="beneficiary")

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", docs.reference, name="docs"),
    path("docs/try/", SpectacularSwaggerSplitView.as_view(url_name="api:schema"), name="try"),
    *router.urls,
]
