import os

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path

from browse import views as browse_views
from config import health

urlpatterns = [
    path(os.environ.get("DJANGO_ADMIN_URL", "admin/"), admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("healthz", health.ready, name="healthz"),
    path("healthz/live", health.live, name="healthz_live"),
]

# Every public page lives under /en/, /fr/ or /es/; an unprefixed address is
# redirected by LocaleMiddleware to the visitor's preferred language.
urlpatterns += i18n_patterns(
    path("", browse_views.home, name="home"),
    path("", include("browse.urls")),
    path("practices/", include("practices.urls")),
    path("projects/", include("projects.urls")),
)

# Uploaded images in development; production serves them from its storage (see README).
urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
