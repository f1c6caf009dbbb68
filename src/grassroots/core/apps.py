from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "grassroots.core"
    label = "core"
    verbose_name = "基础设施"

    def ready(self) -> None:
        from grassroots.core import checks, lookups  # noqa: F401  (registers on import)
