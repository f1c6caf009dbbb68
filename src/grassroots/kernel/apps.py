from django.apps import AppConfig


class KernelConfig(AppConfig):
    name = "grassroots.kernel"
    label = "kernel"
    verbose_name = "内核"

    def ready(self) -> None:
        from grassroots.kernel import checks, lookups  # noqa: F401  (registers on import)
        from grassroots.kernel.db import checks as db_checks  # noqa: F401  (registers too)
