"""The URL map: the mounts every app's plugin declares, the API under /api/v1/, the admin."""

from django.contrib import admin
from django.urls import URLPattern, URLResolver, include, path

from grassroots.kernel.plugins import Mount, installed_plugins, load
from grassroots.site.api import api

admin.site.site_header = "基层治理平台管理后台"
admin.site.site_title = "基层治理平台"
admin.site.index_title = "管理"


def _mounted(mount: Mount) -> URLPattern | URLResolver:
    if mount.include:
        return path(mount.path, include(mount.include))
    return path(mount.path, load(mount.view), name=mount.name)


_mounts = [mount for plugin in installed_plugins() for mount in plugin.urls]

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
    # The catch-all mounts (path "") last, so that they shadow no other app's pages.
    *(_mounted(m) for m in sorted(_mounts, key=lambda m: m.path == "")),
]
