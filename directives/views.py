"""Pages of the directives app: norms and their text, the rules in force, non-working days and a
deadline calculator. Views stay thin: reads through selectors, writes through services."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from members.roles import Role, request_roles
from mtigm.core.views import SecretariatRequiredMixin

from . import selectors, services
from .calendar import business_days_between, latest_call_date, national_holidays_in, non_business_days_between
from .forms import DeadlineForm, NonWorkingDayForm, OnDateForm, RuleVersionForm
from .humanize import describe
from .models import NonWorkingDay
from .rules import rule


def _add_form_errors(form, exc: ValidationError) -> None:  # type: ignore[no-untyped-def]
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


class NormListView(LoginRequiredMixin, TemplateView):
    template_name = "directives/norm_list.html"

    def get_context_data(self, **kwargs):  # type: ignore[no-untyped-def]
        return super().get_context_data(norms=selectors.norm_list(), **kwargs)


class NormDetailView(LoginRequiredMixin, TemplateView):
    template_name = "directives/norm_detail.html"

    def get_context_data(self, **kwargs):  # type: ignore[no-untyped-def]
        norm = selectors.access_norm(kwargs["code"])
        return super().get_context_data(norm=norm, articles=list(norm.articles.all()), **kwargs)


class ArticleDetailView(LoginRequiredMixin, TemplateView):
    template_name = "directives/article_detail.html"

    def get_context_data(self, **kwargs):  # type: ignore[no-untyped-def]
        article = selectors.access_article(kwargs["code"], kwargs["number"])
        siblings = list(article.norm.articles.all())
        citing = [
            version
            for version in selectors.rules_on(timezone.localdate()).filter(norm=article.norm)
            if selectors.resolve_citation(version.article, siblings) == article
        ]
        return super().get_context_data(article=article, norm=article.norm, citing_rules=citing, **kwargs)


def _rule_rows(versions) -> list[dict]:  # type: ignore[no-untyped-def]
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


class RuleListView(LoginRequiredMixin, TemplateView):
    template_name = "directives/rule_list.html"

    def get_context_data(self, **kwargs):  # type: ignore[no-untyped-def]
        form = OnDateForm(self.request.GET or None)
        day = timezone.localdate()
        if form.is_valid() and form.cleaned_data["on"]:
            day = form.cleaned_data["on"]
        return super().get_context_data(
            form=form,
            day=day,
            rows=_rule_rows(selectors.rules_on(day)),
            is_secretariat=request_roles(self.request).has(Role.SECRETARIAT),
            **kwargs,
        )


class RuleDetailView(LoginRequiredMixin, TemplateView):
    """All versions of one rule; the ST records a new version here."""

    template_name = "directives/rule_detail.html"

    def dispatch(self, request, *args, **kwargs):  # type: ignore[no-untyped-def]
        self.versions = list(selectors.rule_versions(kwargs["key"]))
        if not self.versions:
            from django.http import Http404

            raise Http404(_("No existe esa regla."))
        return super().dispatch(request, *args, **kwargs)

    def _form(self, data=None) -> RuleVersionForm:  # type: ignore[no-untyped-def]
        import json

        latest = self.versions[-1]
        initial = {
            "value": json.dumps(latest.value, ensure_ascii=False),
            "norm": latest.norm_id,
            "article": latest.article,
            "valid_from": timezone.localdate() + datetime.timedelta(days=1),
        }
        return RuleVersionForm(data, initial=initial)

    def get_context_data(self, **kwargs):  # type: ignore[no-untyped-def]
        is_st = request_roles(self.request).has(Role.SECRETARIAT)
        kwargs.setdefault("form", self._form() if is_st else None)
        return super().get_context_data(
            rows=_rule_rows(self.versions), current=self.versions[-1], is_secretariat=is_st, **kwargs
        )

    def post(self, request, *args, **kwargs):  # type: ignore[no-untyped-def]
        if not request_roles(request).has(Role.SECRETARIAT):
            raise PermissionDenied
        form = self._form(request.POST)
        if form.is_valid():
            try:
                services.rule_version_create(actor=request.user, key=kwargs["key"], **form.cleaned_data)
            except ValidationError as exc:
                _add_form_errors(form, exc)
            else:
                messages.success(request, _("Se registró la nueva versión de la regla."))
                return redirect("directives:rule-detail", key=kwargs["key"])
        return self.render_to_response(self.get_context_data(form=form))


class NonWorkingDayListView(SecretariatRequiredMixin, TemplateView):
    template_name = "directives/nonworkingday_list.html"

    def get_context_data(self, **kwargs):  # type: ignore[no-untyped-def]
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

    def post(self, request, *args, **kwargs):  # type: ignore[no-untyped-def]
        form = NonWorkingDayForm(request.POST)
        if form.is_valid():
            try:
                day = services.non_working_day_create(actor=request.user, **form.cleaned_data)
            except ValidationError as exc:
                _add_form_errors(form, exc)
            else:
                messages.success(
                    request, _("Se registró el día no laborable %(date)s.") % {"date": day.date.strftime("%d/%m/%Y")}
                )
                return redirect(f"{reverse('directives:nonworkingday-list')}?anio={day.date.year}")
        return self.render_to_response(self.get_context_data(form=form))


class NonWorkingDayDeleteView(SecretariatRequiredMixin, TemplateView):
    template_name = "directives/nonworkingday_confirm_delete.html"

    def get_context_data(self, **kwargs):  # type: ignore[no-untyped-def]
        return super().get_context_data(day=get_object_or_404(NonWorkingDay, pk=kwargs["pk"]), **kwargs)

    def post(self, request, *args, **kwargs):  # type: ignore[no-untyped-def]
        day = get_object_or_404(NonWorkingDay, pk=kwargs["pk"])
        services.non_working_day_delete(actor=request.user, day=day)
        messages.success(
            request, _("Se eliminó el día no laborable %(date)s.") % {"date": day.date.strftime("%d/%m/%Y")}
        )
        return redirect(f"{reverse('directives:nonworkingday-list')}?anio={day.date.year}")


class DeadlineCalculatorView(LoginRequiredMixin, TemplateView):
    template_name = "directives/deadline_calculator.html"

    def get_context_data(self, **kwargs):  # type: ignore[no-untyped-def]
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
