"""Subscriptions by e-mail to the public portal's notices, with double opt-in and one-click unsubscribe.

A visitor asks for some topics (``subscription_request``); the address gets a confirmation link
through the outbox, and nothing else until the link's page is confirmed (``subscription_confirm``):
only then do the asked topics apply, to a new address or to one already subscribed. Every notice
carries a link (and the RFC 8058 headers) that deletes the subscription at once, without login
(``subscription_cancel``).

The links are signed (``django.core.signing``, one salt per use). A confirmation link expires after
``CONFIRMATION_MAX_AGE`` and dies when a newer confirmation is asked for the same address: it carries
the row's ``nonce``, which each request changes. An unsubscribe link carries the row's ``key`` and
lives as long as the row.

Notices: ``event_record`` writes a durable ``SubscriptionEvent`` in the transaction of the change
(the receivers of ``subscription_signals.py``) and hands its id to the fan-out task after commit;
``event_fan_out`` queues one outbox message per confirmed subscriber of the topic, keyed so that a
second run queues nothing, and only for what the public site shows (access layer, as an anonymous
visitor). ``sweep`` (beat) deletes requests never confirmed and hands undone events to the broker
again.
"""

from __future__ import annotations

import datetime
import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from decisions.models import Minutes
from mtigm.core import access
from mtigm.core.dispatch import after_commit, publish_many
from mtigm.core.models import OutboundMessage
from mtigm.core.outbox import in_commission_language, outbox_enqueue
from sessions.models import Session

from .models import News, Subscription, SubscriptionEvent, Topic

CONFIRM_KIND = "portal_subscription_confirm"
NOTICE_KIND = "portal_subscription_notice"
FAN_OUT_TASK = "portal.tasks.subscription_fan_out"
CONFIRM_SALT = "portal.subscription.confirm"
UNSUBSCRIBE_SALT = "portal.subscription.unsubscribe"
CONFIRMATION_MAX_AGE = datetime.timedelta(days=7)
UNCONFIRMED_KEPT = datetime.timedelta(days=30)
# An event younger than this is left to the task its transaction dispatched; the sweep takes the rest.
SWEEP_GRACE = datetime.timedelta(minutes=2)
SWEEP_BATCH = 200

SESSION_LABEL = "commission_sessions.session"
MINUTES_LABEL = "decisions.minutes"
NEWS_LABEL = "portal.news"


class InvalidLink(Exception):
    """A confirmation or unsubscribe link that is forged, expired or replaced; ``str()`` says which,
    in Spanish, for the page that answers it."""


def normalize_email(email: str) -> str:
    return email.strip().lower()


def _site_url(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


# Links -----------------------------------------------------------------------------------------------


def confirmation_token(subscription: Subscription) -> str:
    return signing.dumps({"s": subscription.pk, "n": subscription.nonce}, salt=CONFIRM_SALT, compress=True)


def unsubscribe_token(subscription: Subscription) -> str:
    return signing.dumps({"s": subscription.pk, "k": subscription.key}, salt=UNSUBSCRIBE_SALT, compress=True)


def confirmation_url(subscription: Subscription) -> str:
    return _site_url(reverse("portal:subscribe-confirm", args=[confirmation_token(subscription)]))


def unsubscribe_url(subscription: Subscription) -> str:
    return _site_url(reverse("portal:unsubscribe", args=[unsubscribe_token(subscription)]))


def _payload(token: str, *, salt: str, max_age: datetime.timedelta | None, field: str) -> tuple[int, str]:
    try:
        data = signing.loads(token, salt=salt, max_age=max_age)
    except signing.SignatureExpired:
        raise InvalidLink(
            _("Este enlace venció: los enlaces de confirmación valen 7 días. Suscríbase de nuevo para recibir otro.")
        ) from None
    except signing.BadSignature:
        raise InvalidLink(_("Este enlace no es válido. Copie el enlace completo del mensaje que recibió.")) from None
    if not (isinstance(data, dict) and isinstance(data.get("s"), int) and isinstance(data.get(field), str)):
        raise InvalidLink(_("Este enlace no es válido. Copie el enlace completo del mensaje que recibió."))
    return data["s"], data[field]


def _pending_for(token: str, queryset: models.QuerySet[Subscription]) -> Subscription:
    pk, nonce = _payload(token, salt=CONFIRM_SALT, max_age=CONFIRMATION_MAX_AGE, field="n")
    subscription = queryset.filter(pk=pk).first()
    if subscription is None or not subscription.nonce or not secrets.compare_digest(subscription.nonce, nonce):
        raise InvalidLink(_("Este enlace ya no es válido: se pidió otra confirmación después, o ya fue usado."))
    return subscription


def subscription_to_confirm(token: str) -> Subscription:
    """The subscription a confirmation link would confirm (a read: the page with the button)."""
    return _pending_for(token, Subscription.objects.all())


def subscription_to_cancel(token: str) -> Subscription | None:
    """The subscription an unsubscribe link names; None when it is already gone."""
    pk, key = _payload(token, salt=UNSUBSCRIBE_SALT, max_age=None, field="k")
    subscription = Subscription.objects.filter(pk=pk).first()
    if subscription is None or not secrets.compare_digest(subscription.key, key):
        return None
    return subscription


# Writes ----------------------------------------------------------------------------------------------


def _topics(topics: Iterable[str]) -> list[str]:
    chosen = [topic for topic in Topic.values if topic in set(topics)]
    if not chosen:
        raise ValidationError({"topics": [_("Elija al menos un tema.")]})
    return chosen


@transaction.atomic
@in_commission_language
def subscription_request(*, email: str, topics: Iterable[str], now: datetime.datetime | None = None) -> Subscription:
    """Ask for ``topics`` at ``email``: a confirmation message, and nothing else until it is confirmed.

    A known address is treated alike (the answer never tells whether it was known): its topics in
    force stay as they are until the new link is confirmed, and the older links die.
    """
    now = now or timezone.now()
    address = normalize_email(email)
    chosen = _topics(topics)
    try:
        with transaction.atomic():
            subscription, _created = Subscription.objects.select_for_update().get_or_create(
                email=address, defaults={"key": secrets.token_hex(16)}
            )
    except IntegrityError:  # the same address asked at the same moment in another request
        subscription = Subscription.objects.select_for_update().get(email=address)
    subscription.pending_topics = chosen
    subscription.nonce = secrets.token_hex(8)
    subscription.confirmation_sent_at = now
    subscription.save(update_fields=["pending_topics", "nonce", "confirmation_sent_at"])
    labels = "\n".join(f"- {Topic(topic).label}" for topic in chosen)
    body = _(
        "Alguien (probablemente usted) pidió recibir en esta dirección los avisos del portal público de la "
        "Mesa de Trabajo Intersectorial para la Gestión Migratoria (MTIGM) sobre:\n\n%(topics)s\n\n"
        "Para confirmarlo, abra este enlace y pulse «Confirmar»:\n%(url)s\n\n"
        "El enlace vale 7 días. Si no lo pidió usted, ignore este mensaje: no recibirá ningún aviso y su "
        "dirección se borrará en 30 días."
    ) % {"topics": labels, "url": confirmation_url(subscription)}
    outbox_enqueue(
        key=f"subscription-confirm:{subscription.pk}:{subscription.nonce}",
        kind=CONFIRM_KIND,
        recipient=address,
        subject=_("[MTIGM] Confirme su suscripción a los avisos del portal"),
        body_text=body,
    )
    return subscription


@transaction.atomic
def subscription_confirm(*, token: str, now: datetime.datetime | None = None) -> Subscription:
    """Confirm the request the link names: its topics replace those in force; the link dies."""
    subscription = _pending_for(token, Subscription.objects.select_for_update())
    pending = set(subscription.pending_topics)
    for topic in Topic.values:
        setattr(subscription, topic, topic in pending)
    subscription.pending_topics = []
    subscription.nonce = ""
    subscription.confirmed_at = now or timezone.now()
    subscription.save()
    return subscription


@transaction.atomic
def subscription_cancel(*, token: str) -> bool:
    """Unsubscribe at once: the row, and so the address, is deleted. False when it already was."""
    subscription = subscription_to_cancel(token)
    if subscription is None:
        return False
    Subscription.objects.filter(pk=subscription.pk, key=subscription.key).delete()
    return True


# Events ----------------------------------------------------------------------------------------------


def event_record(
    *, topic: str, obj: models.Model, occurrence: str = "", now: datetime.datetime | None = None
) -> SubscriptionEvent | None:
    """Record that ``obj`` is news for the subscribers of ``topic``, once; the fan-out follows the
    commit of the caller's transaction. Returns the new event, or None when it was recorded before.

    An event no confirmed subscriber of its topic hears about is recorded as done, and no task is
    published: a plenary called or an acta approved costs the broker nothing while no one subscribes.
    A news item scheduled for later waits, undone, for the sweep after its date.
    """
    now = now or timezone.now()
    label = obj._meta.label_lower
    try:
        with transaction.atomic():
            event, created = SubscriptionEvent.objects.get_or_create(
                topic=topic, object_label=label, object_id=str(obj.pk), occurrence=occurrence
            )
    except IntegrityError:  # recorded at the same moment by another transaction
        return None
    if not created:
        return None
    published_at = getattr(obj, "published_at", None) if isinstance(obj, News) else None
    if published_at is not None and published_at > now:
        return event
    if not Subscription.objects.filter(confirmed_at__isnull=False, **{topic: True}).exists():
        SubscriptionEvent.objects.filter(pk=event.pk).update(done_at=now)
        return event
    # A broker that refuses the task only delays the notice: the sweep hands the event over again.
    after_commit(FAN_OUT_TASK, event.pk)
    return event


@dataclass(frozen=True)
class Notice:
    subject: str
    headline: str
    url: str


def _when(moment: datetime.datetime) -> str:
    return timezone.localtime(moment).strftime("%d/%m/%Y, %H:%M")


def _notice(event: SubscriptionEvent) -> Notice | None:
    """What subscribers are told of the event, or None when the public site does not show its object
    (never, or not yet: a news item scheduled for later)."""
    anonymous = AnonymousUser()
    if event.object_label == SESSION_LABEL and event.topic == Topic.SESSIONS:
        session = Session.objects.filter(pk=event.object_id).first()
        if session is None or not access.visible(anonymous, "public_session", session):
            return None
        if session.state not in (Session.State.CALLED, Session.State.POSTPONED, Session.State.IN_SESSION):
            return None
        url = _site_url(reverse("portal:session", args=[session.pk]))
        title = str(session.title)
        return Notice(
            subject=_("[MTIGM] Sesión convocada: %(title)s") % {"title": title},
            headline=_("Se convocó la %(title)s, para el %(when)s.")
            % {"title": title, "when": _when(session.starts_at)},
            url=url,
        )
    if event.object_label == MINUTES_LABEL and event.topic == Topic.MINUTES:
        minutes = Minutes.objects.select_related("session").filter(pk=event.object_id).first()
        if minutes is None or not access.visible(anonymous, "public_minutes", minutes):
            return None
        title = str(minutes.session.title)
        return Notice(
            subject=_("[MTIGM] Acta aprobada: %(title)s") % {"title": title},
            headline=_("Se aprobó el acta de la %(title)s.") % {"title": title},
            url=_site_url(reverse("portal:session", args=[minutes.session_id])),
        )
    if event.object_label == NEWS_LABEL and event.topic == Topic.NEWS:
        news = News.objects.filter(pk=event.object_id).first()
        if news is None or not access.visible(anonymous, "public_news", news):
            return None
        return Notice(
            subject=_("[MTIGM] Noticia: %(title)s") % {"title": news.title},
            headline=f"{news.title}\n\n{news.summary}",
            url=_site_url(reverse("portal:news-detail", args=[news.slug])),
        )
    return None


def _waits(event: SubscriptionEvent, now: datetime.datetime) -> bool:
    """A news item published with a later date: its notice waits for that date (the sweep retries)."""
    if event.object_label != NEWS_LABEL:
        return False
    news = News.objects.filter(pk=event.object_id, state=News.State.PUBLISHED).only("published_at").first()
    return news is not None and news.published_at is not None and news.published_at > now


def notice_message(subscription: Subscription, event: SubscriptionEvent, notice: Notice) -> OutboundMessage:
    unsubscribe = unsubscribe_url(subscription)
    body = _(
        "%(headline)s\n\nVéalo en el portal público de la MTIGM:\n%(url)s\n\n"
        "Recibe este aviso porque se suscribió a «%(topic)s» en el portal de la Mesa de Trabajo "
        "Intersectorial para la Gestión Migratoria.\nPara darse de baja, con un clic: %(unsubscribe)s"
    ) % {
        "headline": notice.headline,
        "url": notice.url,
        "topic": Topic(event.topic).label,
        "unsubscribe": unsubscribe,
    }
    return outbox_enqueue(
        key=f"subscription:{subscription.pk}:{event.pk}",
        kind=NOTICE_KIND,
        recipient=subscription.email,
        subject=notice.subject,
        body_text=body,
        # RFC 8058: mail clients offer "unsubscribe" and POST to the link themselves.
        headers={"List-Unsubscribe": f"<{unsubscribe}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"},
    )


@transaction.atomic
@in_commission_language
def event_fan_out(*, event_id: int, now: datetime.datetime | None = None) -> int | None:
    """Queue the event's notice to every confirmed subscriber of its topic and mark it done.

    Idempotent: a done event queues nothing, and each message's key (subscription, event) is queued
    once whatever runs twice. Returns how many subscribers were queued; None when the event waits
    (a news item scheduled for later) and stays undone for the sweep.
    """
    now = now or timezone.now()
    event = SubscriptionEvent.objects.select_for_update().filter(pk=event_id, done_at__isnull=True).first()
    if event is None:
        return 0
    if _waits(event, now):
        return None
    notice = _notice(event)
    count = 0
    if notice is not None:
        subscribers = Subscription.objects.filter(confirmed_at__isnull=False, **{event.topic: True}).order_by("pk")
        for subscription in subscribers.iterator(chunk_size=500):
            notice_message(subscription, event, notice)
            count += 1
    event.done_at = now
    event.sent = count
    event.save(update_fields=["done_at", "sent"])
    return count


# The sweep (beat) ------------------------------------------------------------------------------------


def sweep(*, now: datetime.datetime | None = None) -> dict[str, Any]:
    """Delete the requests never confirmed after 30 days, and hand undone events to the broker."""
    now = now or timezone.now()
    deleted, _rows = Subscription.objects.filter(
        confirmed_at__isnull=True, created_at__lt=now - UNCONFIRMED_KEPT
    ).delete()
    # News items whose date has not come yet: their events wait, and are not handed over each time.
    scheduled = [
        str(pk)
        for pk in News.objects.filter(state=News.State.PUBLISHED, published_at__gt=now).values_list("pk", flat=True)
    ]
    undone = list(
        SubscriptionEvent.objects.filter(done_at__isnull=True, created_at__lte=now - SWEEP_GRACE)
        .exclude(object_label=NEWS_LABEL, object_id__in=scheduled)
        .order_by("created_at", "pk")
        .values_list("pk", flat=True)[:SWEEP_BATCH]
    )
    published = publish_many(FAN_OUT_TASK, [(pk,) for pk in undone])
    return {"deleted": deleted, "events": published}
