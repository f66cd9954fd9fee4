"""Pages of the directives app: norms and their text, the rules in force, non-working days and a
deadline calculator. Views stay thin: reads through selectors, writes through services."""

from __future__ import annotations

import datetime
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
from mtigm.core.views import add_form_errors

from . import selectors, services
from .access import access_article, access_non_working_day, access_norm
from .calendar import business_days_between, latest_call_date, national_holidays_in, non_business_days_between
from .forms import DeadlineForm, NonWorkingDayForm, OnDateForm, RuleVersionForm
from .humanize import describe
from .rules import rule


class NormListView(TemplateView):
    template_name = "directives/norm_list.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(norms=selectors.norm_list(), **kwargs)


class NormDetailView(TemplateView):
    template_name = "directives/norm_detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        norm = access_norm(self.request.user, kwargs["code"])
        return super().get_context_data(norm=norm, articles=list(norm.articles.all()), **kwargs)


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
    template_name = "directives/rule_list.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        form = OnDateForm(self.request.GET or None)
        day = timezone.localdate()
        if form.is_valid() and form.cleaned_data["on"]:
            day = form.cleaned_data["on"]
        return super().get_context_data(
            form=form,
            day=day,
            rows=_rule_rows(selectors.rules_on(day)),
            **kwargs,
        )


class RuleDetailView(TemplateView):
    """All versions of one rule; the ST records a new version here."""

    template_name = "directives/rule_detail.html"

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        self.versions = list(selectors.rule_versions(kwargs["key"]))
        if not self.versions:
            raise Http404(_("No existe esa regla."))
        return super().dispatch(request, *args, **kwargs)

    def _form(self, data: Any = None) -> RuleVersionForm:
        import json

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
        return super().get_context_data(rows=_rule_rows(self.versions), current=self.versions[-1], **kwargs)

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
