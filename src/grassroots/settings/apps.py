"""The installed apps, apart from the rest of the settings so that the ``grassroots`` command can
read which modules plug in before Django is set up (reading this file has no side effects)."""

GRASSROOTS_APPS = [
    "grassroots.kernel",
    "grassroots.web",
    "grassroots.site",
    "grassroots.audit",
    "grassroots.org",
    "grassroots.accounts",
    "grassroots.people",
    "grassroots.registry",
    "grassroots.cadres",
    "grassroots.sweeps",
    "grassroots.rentals",
    "grassroots.pairing",
    "grassroots.councils",
    "grassroots.owners",
    "grassroots.demands",
    "grassroots.members",
    "grassroots.dualreport",
    "grassroots.grids",
    "grassroots.branchlife",
    "grassroots.wishes",
    "grassroots.surveys",
    "grassroots.indicators",
    "grassroots.api",
    "grassroots.demo",
    "grassroots.training",
]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_htmx",
    "treebeard",
    "ninja",  # its templates and static files: the API docs page, served offline
    *GRASSROOTS_APPS,
]
