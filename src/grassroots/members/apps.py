from django.apps import AppConfig


class MembersConfig(AppConfig):
    name = "grassroots.members"
    label = "members"
    verbose_name = "党员作用发挥"
