from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.conf.urls.static import static
from django.contrib import admin
from django.contrib.sitemaps import views as sitemap_views
from django.urls import include, path

from browse import views as browse_views
from opendata import views as opendata_views
from opendata.sitemaps import SITEMAPS

urlpatterns = [
    path(settings.ADMIN_URL, admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    # One address for every language: the API, and what crawlers look for at the root.
    path("api/v1/", include("api.urls")),
    path("robots.txt", opendata_views.robots_txt, name="robots"),
    path("sitemap.xml", sitemap_views.index, {"sitemaps": SITEMAPS}, name="sitemap"),
    path(
        "sitemap-<section>.xml",
        sitemap_views.sitemap,
        {"sitemaps": SITEMAPS},
        name="django.contrib.sitemaps.views.sitemap",
    ),
]

# Every public page lives under /en/, /fr/ or /es/; an unprefixed address is
# redirected by LocaleMiddleware to the visitor's preferred language.
urlpatterns += i18n_patterns(
    path("", browse_views.home, name="home"),
    path("", include("browse.urls")),
    path("", include("opendata.urls")),
    path("practices/", include("practices.urls")),
    path("projects/", include("projects.urls")),
    path("", include("submissions.urls")),
    path("", include("reviews.urls")),
    path("", include("alerts.urls")),
    # A partner's account: django-allauth's sign-up, sign-in, address and password pages, then ours.
    path("accounts/profile/", include("accounts.urls")),
    path("accounts/", include("allauth.urls")),
)

# Error pages, and JSON errors under /api/ (api/errors.py).
handler400 = "api.errors.bad_request"
handler403 = "api.errors.permission_denied"
handler404 = "api.errors.page_not_found"
handler500 = "api.errors.server_error"

# Uploaded images in development; production serves them from its storage (see README).
urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
