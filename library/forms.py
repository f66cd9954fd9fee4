from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from mtigm.core.files import accepted_types_text

from .models import TITLE_MAX, Classification, Folder


class DocumentForm(forms.Form):
    title = forms.CharField(label=_("Título"), max_length=TITLE_MAX)
    description = forms.CharField(
        label=_("Descripción"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )
    classification = forms.ChoiceField(
        label=_("Clasificación"), choices=Classification.choices, initial=Classification.INTERNAL
    )
    folder = forms.ModelChoiceField(
        label=_("Carpeta"), queryset=Folder.objects.none(), required=False, empty_label=_("(sin carpeta)")
    )
    file = forms.FileField(label=_("Archivo"), help_text=_("Se aceptan: %(types)s.") % {"types": accepted_types_text()})
    note = forms.CharField(label=_("Nota de la versión"), required=False, max_length=300)

    def __init__(self, *args: Any, folders: Any = None, public_allowed: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if folders is not None:
            self.fields["folder"].queryset = folders  # type: ignore[attr-defined]
        if not public_allowed:
            # Only the ST classifies a document as público; the service refuses it too.
            choices = [c for c in Classification.choices if c[0] != Classification.PUBLIC]
            self.fields["classification"].choices = choices  # type: ignore[attr-defined]


class DocumentEditForm(DocumentForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        del self.fields["file"]
        del self.fields["note"]


class VersionForm(forms.Form):
    file = forms.FileField(
        label=_("Archivo de la nueva versión"), help_text=_("Se aceptan: %(types)s.") % {"types": accepted_types_text()}
    )
    note = forms.CharField(label=_("Qué cambia"), required=False, max_length=300)


class FolderForm(forms.Form):
    name = forms.CharField(label=_("Nombre de la carpeta"), max_length=200)


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Buscar por título"), required=False, max_length=200)
    folder = forms.IntegerField(required=False, widget=forms.HiddenInput, min_value=1)


class LinkForm(forms.Form):
    line = forms.IntegerField(label=_("Producto del plan"), required=False, min_value=1)
    agenda_item = forms.IntegerField(label=_("Punto de agenda (número interno)"), required=False, min_value=1)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if bool(data.get("line")) == bool(data.get("agenda_item")):
            raise forms.ValidationError(_("Elija un producto del plan o un punto de agenda."), code="one_target")
        return data
