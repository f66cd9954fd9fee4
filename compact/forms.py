"""Forms of the Global Compact pages; the services decide, the forms only parse."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from decisions.models import Agreement
from members.models import Person
from mtigm.core import access
from mtigm.core.access import UserRoles
from mtigm.core.forms import DateInput, model_text
from workplans.models import PlanLine

from .models import Consultation, Contribution, FocalPoint, Objective, ThematicArea
from .selectors import commission_entities


class FocalPointForm(forms.Form):
    objective = forms.ModelChoiceField(
        label=_("Objetivo"), queryset=Objective.objects.order_by("number"), required=False
    )
    area = forms.ModelChoiceField(
        label=_("o área temática"), queryset=ThematicArea.objects.order_by("number"), required=False
    )
    person = forms.ModelChoiceField(
        label=_("Persona del registro"),
        queryset=Person.objects.order_by("last_name", "first_name"),
        required=False,
        help_text=_("Opcional: si la elige, su nombre, cargo y datos de contacto se copian."),
    )
    name = model_text(FocalPoint, "name", label=_("Nombre"), required=False)
    position = model_text(FocalPoint, "position", label=_("Cargo"), required=False)
    email = forms.EmailField(label=_("Correo electrónico"), required=False)
    phone = model_text(FocalPoint, "phone", label=_("Teléfono"), required=False)
    start = forms.DateField(label=_("Desde"), widget=DateInput())

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"start": timezone.localdate()})
        super().__init__(*args, **kwargs)


class EndForm(forms.Form):
    end = forms.DateField(label=_("Hasta"), widget=DateInput())
    reason = model_text(FocalPoint, "end_reason", label=_("Motivo"), required=False)


class ConsultationForm(forms.Form):
    title = model_text(Consultation, "title", label=_("Título"))
    period_start = forms.DateField(label=_("Periodo informado desde"), widget=DateInput())
    period_end = forms.DateField(label=_("Periodo informado hasta"), widget=DateInput())
    deadline = forms.DateField(label=_("Plazo de respuesta"), widget=DateInput())
    objectives = forms.ModelMultipleChoiceField(
        label=_("Objetivos consultados"),
        queryset=Objective.objects.order_by("number"),
        widget=forms.CheckboxSelectMultiple,
    )
    invited = forms.ModelMultipleChoiceField(
        label=_("Entidades invitadas"), queryset=commission_entities(), widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        invited = self.fields["invited"]
        assert isinstance(invited, forms.ModelMultipleChoiceField)
        invited.queryset = commission_entities()


class ContributionForm(forms.Form):
    objective = forms.ModelChoiceField(label=_("Objetivo"), queryset=Objective.objects.order_by("number"))
    criterion = forms.ChoiceField(label=_("Criterio"), choices=Contribution.Criterion.choices)
    title = model_text(Contribution, "title", label=_("Título"))
    description = model_text(Contribution, "description", label=_("Estrategia o acción"), widget=forms.Textarea)
    period = model_text(Contribution, "period", label=_("Periodo"), required=False)
    results = model_text(Contribution, "results", label=_("Resultados"), required=False, widget=forms.Textarea)
    difficulties_challenges = model_text(
        Contribution,
        "difficulties_challenges",
        label=_("Dificultades o desafíos"),
        required=False,
        widget=forms.Textarea,
    )

    plan_products = forms.ModelMultipleChoiceField(
        label=_("Productos del plan de trabajo relacionados"), queryset=PlanLine.objects.none(), required=False
    )
    agreements = forms.ModelMultipleChoiceField(
        label=_("Acuerdos de la MTIGM relacionados"), queryset=Agreement.objects.none(), required=False
    )

    def __init__(
        self, *args: Any, consultation: Consultation | None = None, roles: UserRoles | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        if consultation is not None:
            objective = self.fields["objective"]
            assert isinstance(objective, forms.ModelChoiceField)
            objective.queryset = consultation.objectives.order_by("number")
        # Only what the user may see can be linked: products of public plans, visible agreements.
        roles = roles or access.roles_for(None)
        products = self.fields["plan_products"]
        assert isinstance(products, forms.ModelMultipleChoiceField)
        products.queryset = access.scope_visible(
            PlanLine.objects.select_related("subgroup", "version__plan"), roles, "plan_line"
        ).order_by("-version__plan__year", "position")
        agreements = self.fields["agreements"]
        assert isinstance(agreements, forms.ModelMultipleChoiceField)
        agreements.queryset = access.scope_visible(
            Agreement.objects.select_related("session__group", "session__subgroup"), roles, "agreement"
        ).order_by("-pk")
