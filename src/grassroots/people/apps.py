from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "grassroots.people"
    label = "people"
    verbose_name = "人员"
