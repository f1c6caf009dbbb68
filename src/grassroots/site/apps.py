from django.apps import AppConfig


class SiteConfig(AppConfig):
    name = "grassroots.site"
    label = "site"
    verbose_name = "站点"
