from django.apps import AppConfig


class OwnersConfig(AppConfig):
    name = "grassroots.owners"
    label = "owners"
    verbose_name = "业主共治"
