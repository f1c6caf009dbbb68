"""Real installations for the fault drill, as the site's command-line tests make them."""

from grassroots.site.tests.conftest import (  # noqa: F401  (fixtures, re-exported)
    _engine,
    _migrated_template,
    make_site,
)
