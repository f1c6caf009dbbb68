from django.apps import AppConfig


class PairingConfig(AppConfig):
    name = "grassroots.pairing"
    label = "pairing"
    verbose_name = "结对共建"
