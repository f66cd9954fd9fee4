"""The document library of each workspace (a working group or a subgroup).

A document is a title with a classification and its versions; each version is one uploaded file,
kept with who uploaded it and when, never replaced. Documents may be filed in folders, and may be
linked to a plan product (as evidence of its delivery) or to an agenda item.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from members.models import Subgroup, WorkingGroup

TITLE_MAX = 300

# A row belongs to exactly one workspace: a group or a subgroup.
ONE_WORKSPACE = (Q(group__isnull=False) & Q(subgroup__isnull=True)) | (
    Q(group__isnull=True) & Q(subgroup__isnull=False)
)


class Classification(models.TextChoices):
    """Ley 27806 (Transparencia y Acceso a la Información Pública): what may leave the platform."""

    PUBLIC = "public", _("Público")
    RESERVED = "reserved", _("Reservado (material deliberativo, Ley 27806, Art. 17)")
    INTERNAL = "internal", _("Interno")


class Folder(models.Model):
    group = models.ForeignKey(
        WorkingGroup, on_delete=models.CASCADE, null=True, blank=True, related_name="folders", verbose_name=_("grupo")
    )
    subgroup = models.ForeignKey(
        Subgroup, on_delete=models.CASCADE, null=True, blank=True, related_name="folders", verbose_name=_("subgrupo")
    )
    name = models.CharField(_("nombre"), max_length=200)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("creada por")
    )
    created_at = models.DateTimeField(_("creada el"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["name", "pk"]
        constraints = [models.CheckConstraint(condition=ONE_WORKSPACE, name="folder_one_workspace")]
        verbose_name = _("carpeta")
        verbose_name_plural = _("carpetas")

    def __str__(self) -> str:
        return self.name


class Document(models.Model):
    group = models.ForeignKey(
        WorkingGroup,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="library_documents",
        verbose_name=_("grupo"),
    )
    subgroup = models.ForeignKey(
        Subgroup,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="library_documents",
        verbose_name=_("subgrupo"),
    )
    folder = models.ForeignKey(
        Folder, on_delete=models.SET_NULL, null=True, blank=True, related_name="documents", verbose_name=_("carpeta")
    )
    title = models.CharField(_("título"), max_length=TITLE_MAX)
    description = models.TextField(_("descripción"), blank=True, max_length=2000)
    classification = models.CharField(
        _("clasificación"),
        max_length=20,
        choices=Classification.choices,
        default=Classification.INTERNAL,
        help_text=_("Solo la Secretaría Técnica marca un documento como público; solo lo público llega al portal."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("creado por")
    )
    created_at = models.DateTimeField(_("creado el"), auto_now_add=True)
    updated_at = models.DateTimeField(_("actualizado el"), auto_now=True)
    # The newest version, kept on the row so that lists show it without a query per document.
    current_version = models.ForeignKey(
        "DocumentVersion",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("versión vigente"),
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["-updated_at", "-pk"]
        constraints = [models.CheckConstraint(condition=ONE_WORKSPACE, name="document_one_workspace")]
        indexes = [models.Index(fields=["classification", "-updated_at"], name="document_class_updated")]
        verbose_name = _("documento")
        verbose_name_plural = _("documentos")

    def __str__(self) -> str:
        return self.title

    @property
    def workspace(self) -> WorkingGroup | Subgroup:
        return self.group if self.group_id else self.subgroup  # type: ignore[return-value]


class DocumentVersion(models.Model):
    document = models.ForeignKey(
        Document, on_delete=models.CASCADE, related_name="versions", verbose_name=_("documento")
    )
    number = models.PositiveIntegerField(_("versión"))
    # Uploads are checked and renamed by the service (mtigm.core.files.validate_document_upload).
    file = models.FileField(_("archivo"), upload_to="biblioteca/%Y/", max_length=200)
    original_name = models.CharField(_("nombre original"), max_length=255, blank=True)
    size = models.PositiveBigIntegerField(_("tamaño"), default=0)
    sha256 = models.CharField(_("huella SHA-256"), max_length=64)
    note = models.CharField(_("nota de la versión"), max_length=300, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("subida por")
    )
    uploaded_at = models.DateTimeField(_("subida el"), auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["document", "-number"]
        constraints = [models.UniqueConstraint(fields=["document", "number"], name="document_version_unique_number")]
        verbose_name = _("versión de documento")
        verbose_name_plural = _("versiones de documento")

    def __str__(self) -> str:
        return f"{self.document} v{self.number}"


class DocumentLink(models.Model):
    """A document attached to a plan product (evidence of its delivery) or to an agenda item."""

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="links", verbose_name=_("documento"))
    line = models.ForeignKey(
        "workplans.PlanLine",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="library_links",
        verbose_name=_("producto del plan"),
    )
    agenda_item = models.ForeignKey(
        "commission_sessions.AgendaItem",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="library_links",
        verbose_name=_("punto de agenda"),
    )
    linked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("vinculado por"),
    )
    linked_at = models.DateTimeField(_("vinculado el"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["linked_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(line__isnull=False) & Q(agenda_item__isnull=True))
                | (Q(line__isnull=True) & Q(agenda_item__isnull=False)),
                name="document_link_one_target",
            ),
            models.UniqueConstraint(fields=["document", "line"], name="document_link_unique_line"),
            models.UniqueConstraint(fields=["document", "agenda_item"], name="document_link_unique_item"),
        ]
        verbose_name = _("vínculo de documento")
        verbose_name_plural = _("vínculos de documento")

    def __str__(self) -> str:
        return f"{self.document} → {self.line or self.agenda_item}"


class DigestOptOut(models.Model):
    """A person who asked not to receive the daily digest of new documents."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="library_digest_opt_out"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("baja del resumen diario")
        verbose_name_plural = _("bajas del resumen diario")

    def __str__(self) -> str:
        return str(self.user)
