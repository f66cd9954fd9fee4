"""Writes of the public portal: the Secretaría Técnica's news, and the contact form's message.

News are written as drafts; publishing gives them a publication date (now, unless the ST chose
one, which may be in the future: the item then waits for it). The contact form queues one message
to the Secretaría Técnica's mailbox through the outbox, in the same transaction as the request.
"""

from __future__ import annotations

import hashlib
from email.utils import parseaddr
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from mtigm.core import access
from mtigm.core.locks import advisory_lock
from mtigm.core.models import OutboundMessage
from mtigm.core.outbox import in_commission_language, outbox_enqueue
from mtigm.core.services import model_update

from .models import News

NEWS_FIELDS = ("title", "slug", "summary", "body", "image", "image_alt", "published_at")
# Path segments under /publico/noticias/ that are pages, never a news item's address.
RESERVED_SLUGS = {"gestionar", "feed"}
CONTACT_KIND = "portal_contact"


def _unique_slug(title: str, *, exclude_pk: int | None = None) -> str:
    base = slugify(title)[:200].strip("-") or "noticia"
    others = News.objects.filter(slug__startswith=base)
    if exclude_pk is not None:
        others = others.exclude(pk=exclude_pk)
    taken = set(others.values_list("slug", flat=True))
    taken |= RESERVED_SLUGS
    slug, n = base, 1
    while slug in taken:
        n += 1
        slug = f"{base}-{n}"
    return slug


def _check_news(news: News) -> None:
    if news.image and not news.image_alt.strip():
        raise ValidationError({"image_alt": _("Describa la imagen para quien no la ve.")})
    if news.slug in RESERVED_SLUGS:
        raise ValidationError({"slug": _("Esta dirección está reservada; elija otra.")})


@transaction.atomic
def news_create(
    *,
    actor: Any,
    title: str,
    summary: str,
    body: str,
    slug: str = "",
    image: UploadedFile | None = None,
    image_alt: str = "",
    published_at: Any = None,
) -> News:
    """A new draft; its address comes from the title unless one is given."""
    access.require(actor, "news.manage", message=_("Solo la Secretaría Técnica escribe las noticias."))
    # Two items with the same title written at the same moment would pick the same free address;
    # the lock (held until commit) makes the second wait for the first and take the next one.
    with advisory_lock("portal.news_slug", 0):
        data = {
            "title": title,
            "slug": slug or _unique_slug(title),
            "summary": summary,
            "body": body,
            "image": image or "",
            "image_alt": image_alt,
            "published_at": published_at,
        }
        news, _changed = model_update(
            instance=News(author=actor), fields=NEWS_FIELDS, data=data, strip=True, check=_check_news
        )
    return news


@transaction.atomic
def news_update(*, actor: Any, news: News, **data: Any) -> News:
    """Change a news item, draft or published; an image left out keeps the current one."""
    access.require(actor, "news.manage", news, message=_("Solo la Secretaría Técnica escribe las noticias."))
    locked = News.objects.select_for_update().get(pk=news.pk)
    if data.get("image") is None:
        data.pop("image", None)
    if not data.get("slug"):
        data["slug"] = locked.slug
    if data.get("published_at") is None and locked.state == News.State.PUBLISHED:
        # A published item keeps its date when the form leaves it empty; a draft may lose it.
        data.pop("published_at", None)
    updated, _changed = model_update(instance=locked, fields=NEWS_FIELDS, data=data, strip=True, check=_check_news)
    return updated


@transaction.atomic
def news_publish(*, actor: Any, news: News, now: Any = None) -> News:
    """Publish: visible on the portal from its publication date (now, when none was set)."""
    access.require(actor, "news.manage", news, message=_("Solo la Secretaría Técnica publica las noticias."))
    locked = News.objects.select_for_update().get(pk=news.pk)
    locked.state = News.State.PUBLISHED
    locked.published_at = locked.published_at or now or timezone.now()
    locked.save(update_fields=["state", "published_at", "updated_at"])
    return locked


@transaction.atomic
def news_unpublish(*, actor: Any, news: News) -> News:
    """Withdraw: back to draft, off the portal, the feed and the sitemap at once."""
    access.require(actor, "news.manage", news, message=_("Solo la Secretaría Técnica retira las noticias."))
    locked = News.objects.select_for_update().get(pk=news.pk)
    locked.state = News.State.DRAFT
    locked.save(update_fields=["state", "updated_at"])
    return locked


def secretariat_mailbox() -> str:
    """The Secretaría Técnica's institutional address: the one the platform writes from."""
    return parseaddr(settings.DEFAULT_FROM_EMAIL)[1]


@transaction.atomic
@in_commission_language
def contact_submit(*, name: str, email: str, subject: str, message: str) -> OutboundMessage:
    """Queue the visitor's message to the Secretaría Técnica's mailbox, once: the same message
    sent twice the same day (a double click, a reload) is queued a single time."""
    today = timezone.localdate().isoformat()
    digest = hashlib.sha256("\x00".join([email.lower(), subject, message, today]).encode()).hexdigest()
    body = _(
        "Mensaje recibido por el formulario de contacto del portal público.\n\n"
        "Nombre: %(name)s\nCorreo electrónico: %(email)s\nAsunto: %(subject)s\n\n%(message)s\n\n"
        "Responda directamente a %(email)s; el portal no envía respuesta automática."
    ) % {"name": name, "email": email, "subject": subject, "message": message}
    return outbox_enqueue(
        key=f"contact:{digest}",
        kind=CONTACT_KIND,
        recipient=secretariat_mailbox(),
        recipient_name=_("Secretaría Técnica"),
        subject=_("[Portal MTIGM] %(subject)s") % {"subject": subject},
        body_text=body,
    )
