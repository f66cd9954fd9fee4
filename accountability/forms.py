from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .services import check_year


class ReportRequestForm(forms.Form):
    year = forms.CharField(label=_("Año"), max_length=4, widget=forms.TextInput(attrs={"inputmode": "numeric"}))

    def clean_year(self) -> int:
        try:
            return check_year(self.cleaned_data["year"])
        except ValidationError as exc:
            error: Any = exc.message_dict.get("year", exc.messages)
            raise ValidationError(error) from None
