"""Fetch-or-raise helpers of the decisions app (Zulip's ``access_*`` shape), one per subdomain.

Each asks the access layer (``mtigm.core.access``): 404 when the object does not exist or is hidden
from the user (the ballots of a session that is not extended, for a support-commission
representative), 403 when it is visible but ``action`` (a permission) is not theirs.
"""

from .agreements.access import access_agreement
from .applications.access import access_application
from .ballots.access import access_ballot
from .minutes.access import access_minutes

__all__ = ["access_agreement", "access_application", "access_ballot", "access_minutes"]
