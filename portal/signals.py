"""What drops the public site's version (``portal/cache.py``): any write of a model of the apps
whose data the portal shows, once its transaction commits.

The receivers listen to every model and keep those of the watched apps, rather than a list of the
models the pages read today: a page that starts showing one more model stays correct without a
change here. Where a service writes with ``QuerySet.update()`` (no signal), the same transaction
also saves a model that sends one: an agenda item's removal deletes the item, an acta's approval
saves the acta, a membership's admission saves the membership, a plan version's approval saves the
version. The shared version is dropped once the transaction commits; until then the transaction's
own reads use a token of their own (see ``public_data_changed`` and ``cache.current_version``).
"""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.db import DEFAULT_DB_ALIAS, transaction
from django.db.models import Model
from django.db.models.signals import m2m_changed, post_delete, post_save

from .cache import bump_version, mark_changed

WATCHED_APPS = frozenset(
    {"commission_sessions", "decisions", "members", "directives", "workplans", "library", "portal"}
)
# Written often and shown by no public page (an acta shows its own copy of attendance and votes):
# a live session's votes and roll call would otherwise render the public pages again at each one.
IGNORED_MODELS = frozenset(
    {
        "commission_sessions.attendance",
        "commission_sessions.calendarfeedtoken",
        "decisions.vote",
        "decisions.voteauditentry",
        "library.digestoptout",
        "portal.subscription",
        "portal.subscriptionevent",
        "members.apiclient",
    }
)

_watched: dict[type[Model], bool] = {}


def watched(model: type[Model]) -> bool:
    found = _watched.get(model)
    if found is None:
        meta = model._meta
        # A history record comes with a save of its model, which is watched itself.
        # Migrations write through models of their own registry, before the cache table exists.
        found = (
            meta.apps is apps
            and meta.app_label in WATCHED_APPS
            and meta.label_lower not in IGNORED_MODELS
            and not model.__name__.startswith("Historical")
        )
        _watched[model] = found
    return found


def _pending(using: str) -> bool:
    """Whether this transaction already drops the version when it commits. Only a callback that
    no savepoint still open could discard counts; one in a savepoint already released may be
    registered twice, which costs one more cache write."""
    connection = transaction.get_connection(using)
    if not connection.in_atomic_block:
        return False
    open_savepoints = set(connection.savepoint_ids)
    return any(entry[1] is bump_version and entry[0] <= open_savepoints for entry in connection.run_on_commit)


def public_data_changed(sender: type[Model], using: str = DEFAULT_DB_ALIAS, **kwargs: Any) -> None:
    if not watched(sender):
        return
    if kwargs.get("action", "post_").startswith("pre_"):
        return  # m2m_changed: only the change made, not the one about to be
    connection = transaction.get_connection(using)
    if not connection.in_atomic_block:
        bump_version()
        return
    # The transaction's own later reads see the change at once (a token of their own); the others
    # once it commits, when the shared version is dropped. Nothing is written to the shared cache
    # before: a row of it written inside the transaction would lock every other writer out.
    mark_changed(connection)
    if not _pending(using):
        transaction.on_commit(bump_version, using=using)


def connect() -> None:
    post_save.connect(public_data_changed, dispatch_uid="portal.public_data_saved")
    post_delete.connect(public_data_changed, dispatch_uid="portal.public_data_deleted")
    m2m_changed.connect(public_data_changed, dispatch_uid="portal.public_data_linked")
