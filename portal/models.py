"""What the public portal holds of its own: the news the Secretaría Técnica writes.

Everything else the portal shows belongs to the other apps and is read through the access layer;
news are written here, as drafts first, and reach the public site only once published and only
from their publication date on (``selectors.public_news``).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

TITLE_MAX = 200
SUMMARY_MAX = 400


class News(models.Model):
    class State(models.TextChoices):
        DRAFT = "draft", _("Borrador")
        PUBLISHED = "published", _("Publicada")

    title = models.CharField(_("título"), max_length=TITLE_MAX)
    slug = models.SlugField(
        _("dirección"),
        max_length=220,
        unique=True,
        help_text=_("La parte final de la dirección pública de la noticia; se genera a partir del título."),
    )
    summary = models.CharField(
        _("resumen"),
        max_length=SUMMARY_MAX,
        help_text=_("Una o dos frases: se muestran en la lista, en el canal Atom y al compartir la noticia."),
    )
    body = models.TextField(
        _("texto"),
        help_text=_("En Markdown: **negrita**, *cursiva*, listas, enlaces [texto](https://…). No admite HTML."),
    )
    image = models.ImageField(_("imagen"), upload_to="noticias/%Y/", blank=True)
    image_alt = models.CharField(
        _("descripción de la imagen"),
        max_length=200,
        blank=True,
        help_text=_("Qué muestra la imagen, para quien no la ve (obligatoria si hay imagen)."),
    )
    published_at = models.DateTimeField(
        _("fecha de publicación"),
        null=True,
        blank=True,
        help_text=_("Desde cuándo se ve en el portal; una fecha futura la programa."),
    )
    state = models.CharField(_("estado"), max_length=12, choices=State.choices, default=State.DRAFT)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("autor"),
    )
    created_at = models.DateTimeField(_("creada"), auto_now_add=True)
    updated_at = models.DateTimeField(_("actualizada"), auto_now=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-published_at", "-pk"]
        verbose_name = _("noticia")
        verbose_name_plural = _("noticias")
        constraints = [
            # A published item always says since when: the public reads filter on that date.
            models.CheckConstraint(
                condition=~models.Q(state="published") | models.Q(published_at__isnull=False),
                name="portal_news_published_has_date",
            ),
        ]

    def __str__(self) -> str:
        return self.title


# Subscriptions by e-mail (subscriptions.py) --------------------------------------------------------


class Topic(models.TextChoices):
    """What a visitor may subscribe to; each is one boolean field of ``Subscription`` (same name)."""

    SESSIONS = "sessions", _("Sesiones convocadas")
    MINUTES = "minutes", _("Actas aprobadas")
    NEWS = "news", _("Noticias")


class Subscription(models.Model):
    """An e-mail address that asked for the portal's notices, with double opt-in.

    The address is personal data: it is never shown on a page, and it is kept only while it serves
    its purpose. A request never confirmed is deleted after 30 days (``subscriptions.sweep``); an
    unsubscribe deletes the row at once. For that reason the model keeps no history table: a
    history would keep every address after its owner asked to be forgotten.

    The topics in force are the three booleans, set only by a confirmation: the topics of a request
    wait in ``pending_topics``, bound to the confirmation link by ``nonce`` (a newer request changes
    it, which kills the older links).
    """

    email = models.EmailField(_("correo electrónico"), max_length=254, unique=True)
    sessions = models.BooleanField(Topic.SESSIONS.label, default=False)
    minutes = models.BooleanField(Topic.MINUTES.label, default=False)
    news = models.BooleanField(Topic.NEWS.label, default=False)
    pending_topics = models.JSONField(_("temas por confirmar"), default=list, blank=True)
    nonce = models.CharField(_("código de la última confirmación pedida"), max_length=32, blank=True)
    # A secret of the row bound into its unsubscribe links: a link never outlives its row.
    key = models.CharField(_("clave de baja"), max_length=32)
    confirmation_sent_at = models.DateTimeField(_("confirmación pedida el"), null=True, blank=True)
    confirmed_at = models.DateTimeField(_("confirmada el"), null=True, blank=True)
    created_at = models.DateTimeField(_("creada"), auto_now_add=True)

    class Meta:
        verbose_name = _("suscripción")
        verbose_name_plural = _("suscripciones")
        indexes = [models.Index(fields=["confirmed_at", "created_at"], name="portal_subscription_confirmed")]

    def __str__(self) -> str:
        return f"#{self.pk}"  # never the address: it is personal data

    @property
    def topics(self) -> list[str]:
        return [topic for topic in Topic.values if getattr(self, topic)]


class SubscriptionEvent(models.Model):
    """Something subscribers hear about (a session called, an acta approved, a news item published),
    recorded in the transaction that made it happen and fanned out after commit (``tasks.py``).

    The unique constraint records each event once however often its object is saved; ``done_at``
    marks it fanned out, and the beat sweep hands the undone ones to the broker again, so an outage
    loses nothing. A work queue rather than a record: no history table.
    """

    topic = models.CharField(_("tema"), max_length=12, choices=Topic.choices)
    object_label = models.CharField(_("tipo de objeto"), max_length=60)
    object_id = models.CharField(_("objeto"), max_length=64)
    # What tells apart two events of one object and topic (a session called again after a
    # postponement); empty when the object has one event only.
    occurrence = models.CharField(_("ocurrencia"), max_length=40, blank=True, default="")
    created_at = models.DateTimeField(_("registrado"), auto_now_add=True)
    done_at = models.DateTimeField(_("avisado el"), null=True, blank=True)
    sent = models.PositiveIntegerField(_("mensajes"), default=0)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("aviso a suscriptores")
        verbose_name_plural = _("avisos a suscriptores")
        constraints = [
            models.UniqueConstraint(
                fields=["topic", "object_label", "object_id", "occurrence"], name="portal_subscription_event_once"
            ),
        ]
        indexes = [models.Index(fields=["done_at", "created_at"], name="portal_subscription_event_todo")]

    def __str__(self) -> str:
        return f"{self.topic} {self.object_label}#{self.object_id} {self.occurrence}".strip()
