from django.apps import AppConfig


class PageCacheConfig(AppConfig):
    name = "pagecache"
    verbose_name = "Page cache"

    def ready(self):
        from pagecache import cache, checks  # noqa: F401 (checks registers itself)

        cache.connect()
