from django.apps import AppConfig
from django.utils.translation import gettext_lazy


class CadresConfig(AppConfig):
    name = "grassroots.cadres"
    label = "cadres"
    verbose_name = gettext_lazy("两委班子")  # also the nav link's text (its plugin.py)
