"""URL map. Each app owns its routes; the API lives under /api/v1/."""

from django.contrib import admin
from django.urls import include, path

from grassroots.api.api import api
from grassroots.core.views import healthz
from grassroots.sweeps.record_views import service_worker

admin.site.site_header = "基层治理平台管理后台"
admin.site.site_title = "基层治理平台"
admin.site.index_title = "管理"

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("sweeps-sw.js", service_worker, name="sweeps_service_worker"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
    path("accounts/", include("grassroots.accounts.urls")),
    path("audit/", include("grassroots.audit.urls")),
    path("org/", include("grassroots.org.urls")),
    path("people/", include("grassroots.people.urls")),
    path("registry/", include("grassroots.registry.urls")),
    path("training/", include("grassroots.training.urls")),
    path("cadres/", include("grassroots.cadres.urls")),
    path("sweeps/", include("grassroots.sweeps.urls")),
    path("demands/", include("grassroots.demands.urls")),
    path("", include("grassroots.core.urls")),
]
