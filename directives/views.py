"""Pages of the directives app: norms and their text, the rules in force, non-working days and a
deadline calculator. Views stay thin: reads through selectors, writes through services."""

from __future__ import annotations

import datetime
import json
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from mtigm.core import access
from mtigm.core.errors import answer_for
from mtigm.core.views import add_form_errors, plain_int

from . import selectors, services
from .access import access_article, access_non_working_day, access_norm
from .calendar import business_days_between, latest_call_date, national_holidays_in, non_business_days_between
from .forms import (
    DeadlineForm,
    DirectiveDraftForm,
    NonWorkingDayForm,
    OnDateForm,
    PendingRuleChangeForm,
    PendingRuleVersionForm,
    RuleVersionForm,
)
from .humanize import describe
from .models import Norm, PendingRuleVersion
from .rules import rule


class NormListView(TemplateView):
    template_name = "directives/norm_list.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(norms=selectors.norm_list(access.request_roles(self.request)), **kwargs)


class NormCreateView(TemplateView):
    """The ST drafts a directive (new, or amending another); the Plenary approves it later (R24)."""

    template_name = "directives/norm_form.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        kwargs.setdefault("form", DirectiveDraftForm())
        return super().get_context_data(**kwargs)

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        form = DirectiveDraftForm(request.POST)
        if form.is_valid():
            try:
                norm = services.directive_draft_create(actor=request.user, **form.cleaned_data)
            except ValidationError as exc:
                add_form_errors(form, exc)
            else:
                messages.success(
                    request,
                    _("Se registró el proyecto de directiva. Añada las reglas que cambia antes de llevarlo al Pleno."),
                )
                return redirect("directives:norm-detail", code=norm.code)
        return self.render_to_response(self.get_context_data(form=form))


def _pending_rows(versions: list[PendingRuleVersion]) -> list[dict[str, Any]]:
    """A pending (or applied) version with its rule's current value beside it, both in words."""
    rows = []
    for version in versions:
        current = version.current_rule
        rows.append(
            {
                "version": version,
                "value_text": describe(version.value, current.unit) if current else str(version.value),
                "current": current,
                "current_text": describe(current.value, current.unit) if current else "—",
                "value_json": json.dumps(version.value, ensure_ascii=False),
            }
        )
    return rows


class NormDetailView(TemplateView):
    """A norm and its text; for a directive, the rule versions it changes. While it is a draft the ST
    adds, changes or withdraws them here (``NormPendingRulesView`` takes the forms)."""

    template_name = "directives/norm_detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        norm = access_norm(self.request.user, kwargs["code"])
        rule_changes: list[dict[str, Any]] = []
        can_draft = False
        if norm.kind == Norm.Kind.DIRECTIVE:
            rule_changes = _pending_rows(selectors.norm_rule_versions(norm, day=timezone.localdate()))
            can_draft = norm.is_draft_directive and access.can(access.request_roles(self.request), "norm.draft")
        if can_draft:
            kwargs.setdefault("pending_form", PendingRuleVersionForm(keys=selectors.rule_choices()))
        return super().get_context_data(
            norm=norm,
            articles=list(norm.articles.all()),
            rule_changes=rule_changes,
            can_draft=can_draft,
            **kwargs,
        )


class NormPendingRulesView(NormDetailView):
    """POST only: add (``action=add``), change (``save``) or withdraw (``remove``) a pending rule version
    of a draft directive. A refusal goes back onto the directive's page."""

    http_method_names = ["post"]

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        norm = access_norm(request.user, kwargs["code"])
        action = request.POST.get("action", "add")
        if action in ("save", "remove"):
            version = (
                PendingRuleVersion.objects.select_related("norm")
                .filter(norm=norm, pk=plain_int(request.POST.get("version")) or 0)
                .first()
            )
            if version is None:
                raise Http404(_("No existe esa regla pendiente."))
            return self._change(request, norm, version, action)
        form = PendingRuleVersionForm(request.POST, keys=selectors.rule_choices())
        if form.is_valid():
            try:
                services.pending_rule_version_create(actor=request.user, norm=norm, **form.cleaned_data)
            except ValidationError as exc:
                add_form_errors(form, exc)
            else:
                messages.success(request, _("Se registró la regla pendiente de aprobación."))
                return redirect(f"{reverse('directives:norm-detail', args=[norm.code])}#reglas")
        return self.render_to_response(self.get_context_data(pending_form=form, **kwargs), status=400)

    def _change(self, request: HttpRequest, norm: Norm, version: PendingRuleVersion, action: str) -> HttpResponse:
        target = f"{reverse('directives:norm-detail', args=[norm.code])}#reglas"
        try:
            if action == "remove":
                services.pending_rule_version_delete(actor=request.user, version=version)
                messages.success(request, _("Se retiró la regla pendiente."))
                return redirect(target)
            form = PendingRuleChangeForm(request.POST)
            if not form.is_valid():
                for errors in form.errors.values():
                    messages.error(request, " ".join(str(error) for error in errors))
                return redirect(target)
            services.pending_rule_version_update(actor=request.user, version=version, **form.cleaned_data)
            messages.success(request, _("Se modificó la regla pendiente."))
        except ValidationError as exc:
            answer = answer_for(exc)
            for text in answer.messages if answer else exc.messages:
                messages.error(request, text)
        return redirect(target)


class ArticleDetailView(TemplateView):
    template_name = "directives/article_detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        article = access_article(self.request.user, kwargs["code"], kwargs["number"])
        siblings = list(article.norm.articles.all())
        citing = [
            version
            for version in selectors.rules_on(timezone.localdate()).filter(norm=article.norm)
            if selectors.resolve_citation(version.article, siblings) == article
        ]
        return super().get_context_data(article=article, norm=article.norm, citing_rules=citing, **kwargs)


def _rule_rows(versions: Any) -> list[dict[str, Any]]:
    versions = list(versions)
    articles = selectors.articles_by_norm({v.norm_id for v in versions if v.norm_id})
    return [
        {
            "rule": version,
            "value_text": describe(version.value, version.unit),
            "article": selectors.resolve_citation(version.article, articles.get(version.norm_id, []))
            if version.norm_id
            else None,
        }
        for version in versions
    ]


class RuleListView(TemplateView):
    """The rules in force on a date (``?on=``, today by default) and, apart, the values that draft
    directives propose, pending the Plenary's approval (R24), for who may read drafts
    (``norm.view_drafts``). A bad date is a 400 naming the field."""

    template_name = "directives/rule_list.html"

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        form = OnDateForm(request.GET or None)
        valid = form.is_bound is False or form.is_valid()
        day = timezone.localdate()
        if valid and form.is_bound and form.cleaned_data["on"]:
            day = form.cleaned_data["on"]
        context = self.get_context_data(
            form=form,
            day=day,
            rows=_rule_rows(selectors.rules_on(day)),
            pending_rows=_pending_rows(selectors.pending_rule_versions(access.request_roles(request), day=day)),
            **kwargs,
        )
        return self.render_to_response(context, status=200 if valid else 400)


class RuleDetailView(TemplateView):
    """All versions of one rule; the ST records a new version here."""

    template_name = "directives/rule_detail.html"

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        self.versions = list(selectors.rule_versions(kwargs["key"]))
        if not self.versions:
            raise Http404(_("No existe esa regla."))
        return super().dispatch(request, *args, **kwargs)

    def _form(self, data: Any = None) -> RuleVersionForm:
        latest = self.versions[-1]
        initial = {
            "value": json.dumps(latest.value, ensure_ascii=False),
            "norm": latest.norm_id,
            "article": latest.article,
            "valid_from": timezone.localdate() + datetime.timedelta(days=1),
        }
        return RuleVersionForm(data, initial=initial)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        can_change = access.can(access.request_roles(self.request), "rule.change")
        kwargs.setdefault("form", self._form() if can_change else None)
        pending = [
            row
            for row in _pending_rows(
                selectors.pending_rule_versions(access.request_roles(self.request), day=timezone.localdate())
            )
            if row["version"].key == self.versions[-1].key
        ]
        return super().get_context_data(
            rows=_rule_rows(self.versions), current=self.versions[-1], pending_rows=pending, **kwargs
        )

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        form = self._form(request.POST)
        if form.is_valid():
            try:
                services.rule_version_create(actor=request.user, key=kwargs["key"], **form.cleaned_data)
            except ValidationError as exc:
                add_form_errors(form, exc)
            else:
                messages.success(request, _("Se registró la nueva versión de la regla."))
                return redirect("directives:rule-detail", key=kwargs["key"])
        return self.render_to_response(self.get_context_data(form=form))


class NonWorkingDayListView(TemplateView):
    template_name = "directives/nonworkingday_list.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        try:
            year = int(self.request.GET.get("anio", ""))
        except ValueError:
            year = timezone.localdate().year
        year = min(max(year, 2011), 2100)
        kwargs.setdefault("form", NonWorkingDayForm())
        return super().get_context_data(
            year=year,
            days=selectors.non_working_days(year=year),
            holidays=national_holidays_in(year),
            years=range(year - 2, year + 3),
            **kwargs,
        )

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        form = NonWorkingDayForm(request.POST)
        if form.is_valid():
            try:
                day = services.non_working_day_create(actor=request.user, **form.cleaned_data)
            except ValidationError as exc:
                add_form_errors(form, exc)
            else:
                messages.success(
                    request, _("Se registró el día no laborable %(date)s.") % {"date": day.date.strftime("%d/%m/%Y")}
                )
                return redirect(f"{reverse('directives:nonworkingday-list')}?anio={day.date.year}")
        return self.render_to_response(self.get_context_data(form=form))


class NonWorkingDayDeleteView(TemplateView):
    template_name = "directives/nonworkingday_confirm_delete.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        day = access_non_working_day(self.request.user, kwargs["pk"], action="non_working_day.change")
        return super().get_context_data(day=day, **kwargs)

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        day = access_non_working_day(request.user, kwargs["pk"], action="non_working_day.change")
        services.non_working_day_delete(actor=request.user, day=day)
        messages.success(
            request, _("Se eliminó el día no laborable %(date)s.") % {"date": day.date.strftime("%d/%m/%Y")}
        )
        return redirect(f"{reverse('directives:nonworkingday-list')}?anio={day.date.year}")


class DeadlineCalculatorView(TemplateView):
    template_name = "directives/deadline_calculator.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        form = DeadlineForm(self.request.GET or None)
        result = None
        if form.is_valid():
            session_date = form.cleaned_data["session_date"]
            notice = rule(f"session.notice_business_days.{form.cleaned_data['kind']}", on=session_date)
            last = latest_call_date(session_date, int(notice.value))
            result = {
                "notice": notice,
                "notice_text": describe(notice.value, notice.unit),
                "latest_call": last,
                "business_days": business_days_between(last, session_date),
                "non_business_days": non_business_days_between(last, session_date),
                "late": last < timezone.localdate(),
            }
        return super().get_context_data(form=form, result=result, **kwargs)
