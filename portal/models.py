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
