"""The old home of the sweep pages, kept while ``sweeps/plugin.py`` still names
``record_views:service_worker``; it goes once the plugin names ``views.records``."""

from grassroots.sweeps.views.records import service_worker

__all__ = ["service_worker"]
