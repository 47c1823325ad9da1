"""sitemap.xml: every public page in each language, with its hreflang alternates."""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from practices.models import Practice
from projects.models import Project
from taxonomy.models import GCMObjective


class CatalogueSitemap(Sitemap):
    # Each page once per language, each entry naming its translations and the default one.
    i18n = True
    alternates = True
    x_default = True


class PagesSitemap(CatalogueSitemap):
    changefreq = "daily"

    def items(self):
        return ["home", "practices:list", "projects:list", "browse:about"]

    def location(self, name):
        return reverse(name)


class PracticeSitemap(CatalogueSitemap):
    def items(self):
        return Practice.objects.published().only("slug", "updated_at").order_by("pk")

    def lastmod(self, practice):
        return practice.updated_at


class ProjectSitemap(CatalogueSitemap):
    def items(self):
        return Project.objects.published().only("slug", "updated_at").order_by("pk")

    def lastmod(self, project):
        return project.updated_at


class GCMObjectiveSitemap(CatalogueSitemap):
    """The objectives' pages: the catalogue's main way in after the lists."""

    def items(self):
        return GCMObjective.objects.order_by("number")


SITEMAPS = {
    "pages": PagesSitemap,
    "practices": PracticeSitemap,
    "projects": ProjectSitemap,
    "objectives": GCMObjectiveSitemap,
}
