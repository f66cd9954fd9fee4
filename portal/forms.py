"""Forms of the public portal: the ST's news editor, and the contact form anyone may send."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from mtigm.core.files import JPEG, PNG, safe_name, sniff
from mtigm.core.forms import DateTimeInput

from .models import SUMMARY_MAX, TITLE_MAX, News, Topic

IMAGE_TYPES = (PNG, JPEG)
IMAGE_MAX_BYTES = 5 * 1024 * 1024


class NewsForm(forms.Form):
    title = forms.CharField(label=gettext_lazy("Título"), max_length=TITLE_MAX)
    slug = forms.SlugField(
        label=gettext_lazy("Dirección"),
        max_length=200,
        required=False,
        help_text=gettext_lazy("Déjela vacía para generarla a partir del título."),
    )
    summary = forms.CharField(
        label=gettext_lazy("Resumen"),
        max_length=SUMMARY_MAX,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=gettext_lazy(
            "Una o dos frases: se muestran en la lista, en el canal Atom y al compartir la noticia."
        ),
    )
    body = forms.CharField(
        label=gettext_lazy("Texto"),
        max_length=50_000,
        widget=forms.Textarea(attrs={"rows": 14}),
        help_text=gettext_lazy(
            "En Markdown: **negrita**, *cursiva*, listas, enlaces [texto](https://…). No admite HTML."
        ),
    )
    image = forms.ImageField(
        label=gettext_lazy("Imagen"),
        required=False,
        help_text=gettext_lazy("PNG o JPEG de hasta 5 MB (opcional)."),
    )
    image_alt = forms.CharField(
        label=gettext_lazy("Descripción de la imagen"),
        max_length=200,
        required=False,
        help_text=gettext_lazy("Qué muestra la imagen, para quien no la ve (obligatoria si hay imagen)."),
    )
    published_at = forms.DateTimeField(
        label=gettext_lazy("Fecha de publicación"),
        required=False,
        widget=DateTimeInput(),
        help_text=gettext_lazy("Vacía: la fecha en que la publique. Una fecha futura la programa."),
    )

    def __init__(self, *args: Any, instance: News | None = None, **kwargs: Any) -> None:
        if instance is not None and "initial" not in kwargs:
            kwargs["initial"] = {name: getattr(instance, name) for name in self.base_fields if name != "image"}
        self.instance = instance
        super().__init__(*args, **kwargs)

    def clean_image(self) -> UploadedFile | None:
        image = self.cleaned_data.get("image")
        if not isinstance(image, UploadedFile):
            return None
        if image.size is not None and image.size > IMAGE_MAX_BYTES:
            raise ValidationError(
                _("La imagen pesa %(size)s; el máximo es 5 MB.") % {"size": filesizeformat(image.size)}
            )
        kind = sniff(image)
        if kind not in IMAGE_TYPES:
            raise ValidationError(_("La imagen debe ser PNG o JPEG."))
        image.seek(0)
        image.name = safe_name(image.name or "", extension=kind[0])
        return image

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        has_image = bool(data.get("image")) or bool(self.instance and self.instance.image)
        if has_image and not (data.get("image_alt") or "").strip():
            self.add_error("image_alt", _("Describa la imagen para quien no la ve."))
        return data


def _single_line(value: str) -> str:
    """A text that becomes an e-mail header (the subject) or sits beside one: one line only."""
    if "\n" in value or "\r" in value:
        raise ValidationError(_("Escriba este dato en una sola línea."))
    return value


class ContactForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("Nombre"), max_length=120)
    email = forms.EmailField(label=gettext_lazy("Correo electrónico"), max_length=254)
    subject = forms.CharField(label=gettext_lazy("Asunto"), max_length=150)
    message = forms.CharField(
        label=gettext_lazy("Mensaje"),
        min_length=10,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 8}),
    )
    # A field people never see (moved off screen by the stylesheet) and robots fill in: a message
    # with it filled is thanked for and dropped.
    website = forms.CharField(
        label=gettext_lazy("No complete este campo"),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def clean_name(self) -> str:
        return _single_line(self.cleaned_data["name"])

    def clean_subject(self) -> str:
        return _single_line(self.cleaned_data["subject"])

    @property
    def is_spam(self) -> bool:
        return bool(self.cleaned_data.get("website"))


class SubscriptionForm(forms.Form):
    """Ask for the portal's notices by e-mail: an address and at least one topic."""

    email = forms.EmailField(
        label=gettext_lazy("Correo electrónico"),
        max_length=254,
        help_text=gettext_lazy("Le enviaremos un enlace para confirmar; sin confirmación no recibirá nada."),
    )
    topics = forms.MultipleChoiceField(
        label=gettext_lazy("Quiero recibir avisos de"),
        choices=Topic.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": gettext_lazy("Elija al menos un tema.")},
    )
    # The honeypot of the contact form: robots fill it in, and their request is answered and dropped.
    website = forms.CharField(
        label=gettext_lazy("No complete este campo"),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    @property
    def is_spam(self) -> bool:
        return bool(self.cleaned_data.get("website"))
