from django.apps import AppConfig


class RegistryConfig(AppConfig):
    name = "grassroots.registry"
    label = "registry"
    verbose_name = "人口房屋"
