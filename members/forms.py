"""Forms of the registry's staff pages. They only collect input; the services validate and write."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from mtigm.core.forms import DateInput, ModelForm, model_choices, model_text

from .models import (
    CsoRegistration,
    Designation,
    Entity,
    EntityKind,
    GroupCoordinator,
    Membership,
    Person,
    Subgroup,
    SupportCommission,
    WorkingGroup,
)
from .services import ENTITY_FIELDS


class EntityForm(ModelForm):
    class Meta(ModelForm.Meta):
        model = Entity
        fields = ENTITY_FIELDS
        widgets = {"notes": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        model_choices(self, "support_commission").queryset = SupportCommission.objects.all()

    def validate_unique(self) -> None:
        """Uniqueness is checked by the service (case-insensitively) and by the database."""


class EntityCreateForm(EntityForm):
    membership_start = forms.DateField(
        label=_("integra la Mesa desde"),
        required=False,
        widget=DateInput(),
        help_text=_("Fecha del acuerdo del Pleno."),
    )
    admitted_at = model_text(
        Membership,
        "admitted_at",
        label=_("admitida en"),
        required=False,
        help_text=_("Sesión que aprobó la incorporación."),
    )
    legal_basis = model_text(Membership, "legal_basis", label=_("base legal"), required=False)


class MembershipForm(forms.Form):
    kind = forms.ChoiceField(label=_("calidad"), choices=EntityKind.choices)
    start = forms.DateField(label=_("desde"), widget=DateInput())
    admitted_at = model_text(Membership, "admitted_at", label=_("admitida en"), required=False)
    admitting_agreement = model_text(Membership, "admitting_agreement", label=_("acuerdo de admisión"), required=False)
    legal_basis = model_text(Membership, "legal_basis", label=_("base legal"), required=False)


class MembershipEndForm(forms.Form):
    end = forms.DateField(label=_("último día"), widget=DateInput())
    reason = model_text(Membership, "end_reason", label=_("motivo de término"), required=False)


class PersonChoiceMixin(forms.Form):
    """Choose an existing person or type a new one's name (most successors are new to the registry)."""

    person = forms.ModelChoiceField(label=_("persona registrada"), queryset=Person.objects.all(), required=False)
    new_first_name = model_text(Person, "first_name", label=_("o bien: nombres"), required=False)
    new_last_name = model_text(Person, "last_name", label=_("apellidos"), required=False)
    new_position = model_text(Person, "position", label=_("cargo"), required=False)
    new_email = forms.EmailField(label=_("correo electrónico"), required=False)

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        typed = data.get("new_first_name") or data.get("new_last_name")
        if not data.get("person") and not typed:
            raise forms.ValidationError(
                _("Elija una persona registrada o escriba los nombres y apellidos de una nueva.")
            )
        if typed and not (data.get("new_first_name") and data.get("new_last_name")):
            raise forms.ValidationError(_("Escriba nombres y apellidos de la nueva persona."))
        return data

    def new_person_data(self) -> dict[str, str] | None:
        data = self.cleaned_data
        if data.get("person"):
            return None
        return {
            "first_name": data["new_first_name"],
            "last_name": data["new_last_name"],
            "position": data.get("new_position", ""),
            "email": data.get("new_email", ""),
        }


class ResolutionFields(forms.Form):
    resolution_number = model_text(Designation, "resolution_number", label=_("número de resolución"), required=False)
    resolution_date = forms.DateField(label=_("fecha de resolución"), required=False, widget=DateInput())
    notified_on = forms.DateField(label=_("comunicada a la ST el"), required=False, widget=DateInput())
    start = forms.DateField(label=_("desde"), widget=DateInput())


class DesignationCreateForm(PersonChoiceMixin, ResolutionFields):
    entity = forms.ModelChoiceField(label=_("entidad"), queryset=Entity.objects.order_by("acronym"))
    role = forms.ChoiceField(label=_("calidad"), choices=Designation.Role.choices)

    field_order = ["entity", "role", "person", "new_first_name", "new_last_name", "new_position", "new_email"]


class DesignationReplaceForm(PersonChoiceMixin, ResolutionFields):
    field_order = ["person", "new_first_name", "new_last_name", "new_position", "new_email"]


class DesignationUpdateForm(ModelForm):
    class Meta(ModelForm.Meta):
        model = Designation
        fields = ["person", "resolution_number", "resolution_date", "notified_on", "start", "end"]
        widgets = {
            "resolution_date": DateInput(),
            "notified_on": DateInput(),
            "start": DateInput(),
            "end": DateInput(),
        }

    def validate_unique(self) -> None:
        """Overlaps are refused by the service with the rule's citation, and by the database."""

    def _post_clean(self) -> None:
        # The service validates the model (with constraints mapped to rule messages); the form
        # only parses the fields.
        pass


class GroupForm(ModelForm):
    class Meta(ModelForm.Meta):
        model = WorkingGroup
        fields = ["number", "name", "description", "created_on", "created_by"]
        widgets = {"created_on": DateInput(), "description": forms.Textarea(attrs={"rows": 3})}

    def validate_unique(self) -> None:
        pass


class SubgroupForm(ModelForm):
    class Meta(ModelForm.Meta):
        model = Subgroup
        fields = ["code", "name", "created_on", "created_by"]
        widgets = {"created_on": DateInput()}

    def validate_unique(self) -> None:
        pass


class AssignmentForm(forms.Form):
    """Coordinator of a group (approved by the Pleno) or lead of a subgroup (approved by the group)."""

    entity = forms.ModelChoiceField(label=_("entidad"), queryset=Entity.objects.order_by("acronym"))
    start = forms.DateField(label=_("desde"), widget=DateInput())
    approved_on = forms.DateField(label=_("aprobado el"), required=False, widget=DateInput())
    approval_reference = model_text(
        GroupCoordinator,
        "approval_reference",
        label=_("referencia de aprobación"),
        required=False,
        help_text=_("Sesión y acuerdo que lo aprobó."),
    )


class GroupMemberForm(forms.Form):
    entity = forms.ModelChoiceField(label=_("entidad"), queryset=Entity.objects.order_by("acronym"))
    start = forms.DateField(label=_("desde"), widget=DateInput())


class CsoRegistrationForm(ModelForm):
    class Meta(ModelForm.Meta):
        model = CsoRegistration
        fields = [
            "admitted_on",
            "admitted_at",
            "registry_entry_number",
            "registry_office",
            "legal_representative",
            "legal_representative_email",
            "legal_representative_phone",
            "website",
            "address",
            "phones",
            "main_activity",
            "other_data",
            "registered_on",
        ]
        widgets = {
            "admitted_on": DateInput(),
            "registered_on": DateInput(),
            "other_data": forms.Textarea(attrs={"rows": 3}),
        }


class CsoRegisterForm(CsoRegistrationForm):
    entity = forms.ModelChoiceField(
        label=_("institución"), queryset=Entity.objects.filter(kind=EntityKind.CIVIL_SOCIETY, cso_registration=None)
    )

    class Meta(CsoRegistrationForm.Meta):
        fields = ["entity", *CsoRegistrationForm.Meta.fields]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in [*CsoRegistration.REQUIRED_FIELDS, "registered_on"]:
            self.fields[name].required = True

    def _post_clean(self) -> None:
        pass
