from django.apps import AppConfig


class CouncilsConfig(AppConfig):
    name = "grassroots.councils"
    label = "councils"
    verbose_name = "三方共治"
