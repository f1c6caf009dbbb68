from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "grassroots.api"
    label = "api"
    verbose_name = "接口"
