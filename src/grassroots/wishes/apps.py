from django.apps import AppConfig


class WishesConfig(AppConfig):
    name = "grassroots.wishes"
    label = "wishes"
    verbose_name = "微心愿"
