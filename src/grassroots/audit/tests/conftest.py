"""Real installations for the command-line tests, as the site's tests make them."""

from grassroots.site.tests.conftest import (  # noqa: F401  (fixtures, re-exported)
    _engine,
    _migrated_template,
    make_site,
    site,
)
