from django.apps import AppConfig


class SweepsConfig(AppConfig):
    name = "grassroots.sweeps"
    label = "sweeps"
    verbose_name = "扫楼"

    def ready(self) -> None:
        from grassroots.sweeps import checks  # noqa: F401  (registers the settings check)
