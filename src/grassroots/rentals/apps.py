from django.apps import AppConfig


class RentalsConfig(AppConfig):
    name = "grassroots.rentals"
    label = "rentals"
    verbose_name = "群租房整治"
