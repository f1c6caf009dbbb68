from django.apps import AppConfig


class DemandsConfig(AppConfig):
    name = "grassroots.demands"
    label = "demands"
    verbose_name = "民情诉求"
