from __future__ import annotations

import itertools
from collections.abc import Iterator
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.forms.models import ModelChoiceIterator
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from members.models import Entity, Subgroup
from mtigm.core.forms import DateInput, ModelForm, model_choices, model_text
from sessions.models import AgendaItem, Session

from .models import Evaluation, GroupReport, Plan, PlanLine, PlanVersion, SubgroupReport

MONTH_CHOICES = [(m, m) for m in range(1, 13)]


class PlenaryDecisionForm(forms.Form):
    on = forms.DateField(label=_("Fecha"), widget=DateInput())
    session = forms.ModelChoiceField(
        label=_("Sesión del Pleno"),
        queryset=Session.objects.filter(kind__in=Session.PLENARY_KINDS).order_by("-starts_at"),
        required=False,
    )
    agreement = forms.CharField(label=_("Número de acuerdo"), max_length=200, required=False)

    def __init__(self, *args: Any, plan: Plan | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if plan is not None:
            # A plan goes to the Pleno from the year before its own (presentation, approval) to the
            # year after (the yearly report): offer those sessions, not every one the commission held.
            model_choices(self, "session").queryset = Session.objects.filter(
                kind__in=Session.PLENARY_KINDS, starts_at__year__range=(plan.year - 1, plan.year + 1)
            ).order_by("-starts_at")


class LineForm(ModelForm):
    months = forms.TypedMultipleChoiceField(
        label=_("Cronograma (meses)"),
        choices=MONTH_CHOICES,
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta(ModelForm.Meta):
        model = PlanLine
        fields = [
            "subgroup",
            "lead_entity",
            "entities",
            "responsible_text",
            "theme",
            "objectives",
            "activities",
            "product",
            "expected_results",
        ]
        widgets = {
            f: forms.Textarea(attrs={"rows": 2}) for f in ("objectives", "activities", "product", "expected_results")
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        model_choices(self, "subgroup").queryset = Subgroup.objects.select_related("group")
        model_choices(self, "lead_entity").queryset = Entity.objects.order_by("acronym")
        model_choices(self, "entities").queryset = Entity.objects.order_by("acronym")
        self.fields["entities"].required = False
        if self.instance.pk:
            self.initial["months"] = self.instance.months


class ImportForm(forms.Form):
    file = forms.FileField(label=_("Archivo Excel (.xlsx) o CSV"))


class AmendmentForm(forms.Form):
    evaluation: forms.ModelChoiceField[Evaluation] = forms.ModelChoiceField(
        label=_("Evaluación que la motiva"), queryset=None
    )
    reason = model_text(PlanVersion, "reason", label=_("Fundamento"), widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, plan: Plan, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        model_choices(self, "evaluation").queryset = plan.evaluations.all()


class SubgroupReportForm(ModelForm):
    class Meta(ModelForm.Meta):
        model = SubgroupReport
        fields = ["objectives", "activities", "goals_products", "difficulties", "corrective_measures", "pending_tasks"]
        widgets = {f: forms.Textarea(attrs={"rows": 3}) for f in fields}


class GroupReportForm(ModelForm):
    class Meta(ModelForm.Meta):
        model = GroupReport
        fields = ["summary", "difficulties", "corrective_measures"]
        widgets = {f: forms.Textarea(attrs={"rows": 3}) for f in fields}


class AgendaItemsBySession(ModelChoiceIterator):
    """The choices of an agenda-item picker as one <optgroup> per session, labelled with the
    session's title and date; the queryset must be ordered by session (see ``agenda_item_choices``)."""

    def __iter__(self) -> Iterator[Any]:
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for session, items in itertools.groupby(self.queryset, key=lambda item: item.session):
            day = formats.date_format(timezone.localtime(session.starts_at), "d/m/Y")
            yield (f"{session.title} — {day}", [self.choice(item) for item in items])


class AgendaItemChoiceField(forms.ModelChoiceField):
    iterator = AgendaItemsBySession


def agenda_item_choices() -> QuerySet[AgendaItem]:
    """Agenda items an evaluation can have been presented under: items of the Pleno's sessions, but
    not of a cancelled session (it never met) nor items the session did not admit to its agenda.
    Newest session first, items in agenda order, in one query."""
    return (
        AgendaItem.objects.filter(session__kind__in=Session.PLENARY_KINDS)
        .exclude(session__state=Session.State.CANCELLED)
        .exclude(status=AgendaItem.Status.REJECTED)
        .select_related("session")
        .order_by("-session__starts_at", "session_id", "position")
    )


class PresentForm(forms.Form):
    presented_on = forms.DateField(label=_("Presentada el"), widget=DateInput())
    agenda_item = AgendaItemChoiceField(label=_("Punto de agenda"), queryset=AgendaItem.objects.none(), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Built per form, not at import, so the choices follow the sessions as they are now.
        model_choices(self, "agenda_item").queryset = agenda_item_choices()
