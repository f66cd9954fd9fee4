"""Forms of the sessions pages: they only collect input; the services validate the rules."""

from __future__ import annotations

import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from members.models import Entity, Subgroup, WorkingGroup
from mtigm.core.forms import DateInput, TimeInput, model_text

from .models import AbsenceNotice, AgendaItem, ExtraordinarySessionRequest, Session


def combine(day: datetime.date, time: datetime.time) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, time))


class WhenMixin(forms.Form):
    # data-notice-day: mtigm.js recomputes the notice hints when the date changes (see NoticeHintsView).
    day = forms.DateField(label=_("Fecha"), widget=DateInput(attrs={"data-notice-day": ""}))
    time = forms.TimeField(label=_("Hora"), widget=TimeInput, initial=datetime.time(10, 0))
    duration = forms.IntegerField(
        label=_("Duración prevista (minutos)"), min_value=15, max_value=600, initial=120, required=False
    )

    def starts_at(self) -> datetime.datetime:
        return combine(self.cleaned_data["day"], self.cleaned_data["time"])

    def ends_at(self) -> datetime.datetime | None:
        minutes = self.cleaned_data.get("duration")
        return self.starts_at() + datetime.timedelta(minutes=minutes) if minutes else None


class SessionForm(WhenMixin):
    kind = forms.ChoiceField(label=_("Tipo"), choices=Session.Kind.choices)
    extended = forms.BooleanField(label=_("Ampliada con las comisiones de apoyo (Art. 26–27)"), required=False)
    number = forms.IntegerField(
        label=_("Número"),
        required=False,
        min_value=1,
        help_text=_("Se propone el siguiente de la serie según el historial; déjelo vacío para aceptarlo."),
    )
    group = forms.ModelChoiceField(label=_("Grupo de trabajo"), queryset=WorkingGroup.objects.all(), required=False)
    subgroup = forms.ModelChoiceField(
        label=_("Subgrupo de trabajo"), queryset=Subgroup.objects.select_related("group"), required=False
    )
    request = forms.ModelChoiceField(
        label=_("Pedido de entidades miembro"),
        queryset=ExtraordinarySessionRequest.objects.filter(status=ExtraordinarySessionRequest.Status.OPEN),
        required=False,
        help_text=_("Solo para sesiones extraordinarias pedidas por las entidades miembro (Art. 10)."),
    )
    place = forms.CharField(label=_("Lugar"), max_length=300, required=False)
    video_link = forms.URLField(label=_("Enlace de videoconferencia"), required=False, assume_scheme="https")

    field_order = ["kind", "extended", "number", "group", "subgroup", "request", "day", "time", "duration"]


class SessionEditForm(WhenMixin):
    """A draft's practical details and, for a plenary session, its kind (until it is called)."""

    kind = forms.ChoiceField(label=_("Tipo"), choices=[(k.value, k.label) for k in Session.PLENARY_KINDS])
    extended = forms.BooleanField(label=_("Ampliada con las comisiones de apoyo (Art. 26–27)"), required=False)
    place = forms.CharField(label=_("Lugar"), max_length=300, required=False)
    video_link = forms.URLField(label=_("Enlace de videoconferencia"), required=False, assume_scheme="https")

    field_order = ["kind", "extended", "day", "time", "duration", "place", "video_link"]

    def __init__(self, *args: object, session: Session, **kwargs: object) -> None:
        if "initial" not in kwargs and not args:
            start = timezone.localtime(session.starts_at)
            duration = (session.ends_at - session.starts_at).total_seconds() // 60 if session.ends_at else None
            kwargs["initial"] = {
                "kind": session.kind,
                "extended": session.extended,
                "day": start.date(),
                "time": start.time().replace(second=0, microsecond=0),
                "duration": int(duration) if duration else None,
                "place": session.place,
                "video_link": session.video_link,
            }
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        if not session.is_plenary:
            # Group and subgroup meetings keep their kind; only plenary sessions change series.
            del self.fields["kind"]
            del self.fields["extended"]


class ReasonForm(forms.Form):
    reason = model_text(Session, "state_reason", label=_("Motivo"), widget=forms.Textarea(attrs={"rows": 2}))


class RescheduleForm(WhenMixin):
    place = forms.CharField(label=_("Lugar"), max_length=300, required=False)
    video_link = forms.URLField(label=_("Enlace de videoconferencia"), required=False, assume_scheme="https")
    reason = model_text(Session, "state_reason", label=_("Motivo"), widget=forms.Textarea(attrs={"rows": 2}))


class AgendaItemForm(forms.Form):
    title = forms.CharField(label=_("Asunto"), max_length=500)
    description = model_text(
        AgendaItem, "description", label=_("Detalle"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    presenter = forms.ModelChoiceField(label=_("Presenta"), queryset=Entity.objects.all(), required=False)


class AgreementItemForm(AgendaItemForm):
    votes_for = forms.IntegerField(label=_("Votos a favor"), min_value=0)
    votes_against = forms.IntegerField(label=_("Votos en contra"), min_value=0)
    abstentions = forms.IntegerField(label=_("Abstenciones"), min_value=0, initial=0)


class DocumentForm(forms.Form):
    title = forms.CharField(label=_("Título"), max_length=300, required=False)
    file = forms.FileField(label=_("Archivo"))


class AbsenceForm(forms.Form):
    reason = model_text(
        AbsenceNotice, "reason", label=_("Motivo"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )


class RequestForm(forms.Form):
    subject = forms.CharField(label=_("Asunto"), max_length=500)
    motive = model_text(
        ExtraordinarySessionRequest,
        "motive",
        label=_("Fundamento"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )
    extended = forms.BooleanField(label=_("Sesión ampliada (Art. 27)"), required=False)
