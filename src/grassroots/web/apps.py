from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "grassroots.web"
    label = "web"
    verbose_name = "页面框架"

    def ready(self) -> None:
        from grassroots.web import checks  # noqa: F401  (registers on import)
