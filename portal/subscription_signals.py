"""What subscribers hear about, recorded in the transaction that makes it happen.

The sessions and decisions apps know nothing of the portal (the portal is the top layer): these
receivers, connected by ``PortalConfig.ready``, watch their saves and record a ``SubscriptionEvent``
(``subscriptions.event_record``) in the same transaction, so a change that rolls back notifies no
one and one that commits is never lost. Whether the public site shows the object is decided when
the event is fanned out, after commit, through the access layer.

- A session of the Plenary is called: a ``SessionTransition`` into "called" (a call, or a new call
  after a reschedule or a postponement: each is one event).
- An acta is approved: a save of ``Minutes`` in state "approved" (each version once).
- A news item is published: a save of ``News`` in state "published" (once, even if it is withdrawn
  and published again).
"""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_save

from decisions.models import Minutes
from sessions.models import Session, SessionTransition

from . import subscriptions
from .models import News, Topic


def _saves(update_fields: Any, field: str) -> bool:
    return update_fields is None or field in update_fields


def session_transition_saved(
    sender: Any, instance: SessionTransition, created: bool, raw: bool = False, **kwargs: Any
) -> None:
    if raw or not created or instance.to_state != Session.State.CALLED:
        return
    if instance.session.kind not in Session.PLENARY_KINDS:
        return
    subscriptions.event_record(topic=Topic.SESSIONS, obj=instance.session, occurrence=f"call:{instance.pk}")


def minutes_saved(sender: Any, instance: Minutes, raw: bool = False, update_fields: Any = None, **kwargs: Any) -> None:
    if raw or instance.state != Minutes.State.APPROVED or not _saves(update_fields, "state"):
        return
    subscriptions.event_record(topic=Topic.MINUTES, obj=instance)


def news_saved(sender: Any, instance: News, raw: bool = False, update_fields: Any = None, **kwargs: Any) -> None:
    if raw or instance.state != News.State.PUBLISHED or not _saves(update_fields, "state"):
        return
    subscriptions.event_record(topic=Topic.NEWS, obj=instance)


def connect() -> None:
    post_save.connect(session_transition_saved, sender=SessionTransition, dispatch_uid="portal.subscription_session")
    post_save.connect(minutes_saved, sender=Minutes, dispatch_uid="portal.subscription_minutes")
    post_save.connect(news_saved, sender=News, dispatch_uid="portal.subscription_news")
