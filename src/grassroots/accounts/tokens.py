"""The old home of the API token writes, now ``accounts/services/tokens.py``; kept while
``testing/scopewalk.py`` and ``api/tests`` still import from here."""

from grassroots.accounts.services.tokens import authenticate_token, create_token, revoke_token

__all__ = ["authenticate_token", "create_token", "revoke_token"]
