from django.apps import AppConfig


class BranchlifeConfig(AppConfig):
    name = "grassroots.branchlife"
    label = "branchlife"
    verbose_name = "三会一课"
