from django.apps import AppConfig


class DualreportConfig(AppConfig):
    name = "grassroots.dualreport"
    label = "dualreport"
    verbose_name = "双报到"
