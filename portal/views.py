"""Pages of the public portal: read-only, for anyone, without a login and without JavaScript.

The access middleware lets every route in (``portal.*`` permissions in ``matrix.toml`` grant
anonymous visitors); each view then asks the same permission of its object through the access
layer (``access.fetch`` under the portal's subjects), so a draft session, a draft acta or an
agreement not marked public answers 404 whoever asks.
"""

from __future__ import annotations

import hashlib
import mimetypes
from types import SimpleNamespace
from typing import Any
from urllib.parse import quote

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.http.response import HttpResponseBase
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import TemplateView
from rest_framework.exceptions import Throttled
from rest_framework.throttling import SimpleRateThrottle

from directives.humanize import describe
from members.models import Entity, EntityKind, WorkingGroup
from mtigm.core import access
from mtigm.core.files import file_download
from mtigm.core.views import ServiceFormView, plain_int, throttle
from sessions.models import Session

from . import selectors, services
from .cache import PublicPageCache
from .filters import PublicAgreementFilter
from .forms import ContactForm, NewsForm
from .markdown import render_markdown
from .models import News

PAGE_SIZE = 25


class PortalPage(TemplateView):
    """A page of the public site; ``section`` marks the current entry of the portal's menu."""

    section = ""

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["section"] = self.section
        return context


class HomeView(PublicPageCache, PortalPage):
    template_name = "portal/home.html"
    section = "home"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        user = self.request.user
        today = timezone.localdate()
        norms = selectors.founding_norms(user)
        decree = norms.get(selectors.DECREE_CODE)
        context.update(
            today=today,
            decree=decree,
            purpose=selectors.first_article(decree),
            regulation=norms.get(selectors.REGULATION_CODE),
            chair=selectors.chair(user, day=today),
            secretariat=selectors.secretariat(today),
            upcoming=selectors.upcoming_sessions(user),
            actas=selectors.latest_actas(user),
            groups=list(selectors.group_cards(user, day=today)),
            news=selectors.latest_news(user),
            documents=selectors.latest_documents(user),
        )
        return context


# Sessions ------------------------------------------------------------------------------------------


class SessionListView(PublicPageCache, PortalPage):
    template_name = "portal/session_list.html"
    section = "sessions"
    STATES = {
        "convocadas": [Session.State.CALLED, Session.State.IN_SESSION, Session.State.POSTPONED],
        "realizadas": [Session.State.HELD],
        "canceladas": [Session.State.CANCELLED],
    }

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        queryset = selectors.public_sessions(self.request.user)
        state = self.request.GET.get("estado", "")
        if state in self.STATES:
            queryset = queryset.filter(state__in=self.STATES[state])
        else:
            state = ""
        page = Paginator(queryset, PAGE_SIZE).get_page(self.request.GET.get("page"))
        context.update(page=page, sessions=page.object_list, state=state)
        return context


class SessionDetailView(PublicPageCache, PortalPage):
    template_name = "portal/session_detail.html"
    section = "sessions"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        user = self.request.user
        session = access.fetch(
            user,
            "public_session",
            selectors.public_session_queryset(),
            pk=kwargs["pk"],
            action=access.route_permission(self.request),
        )
        acta = selectors.session_acta(user, session) if session.state == Session.State.HELD else None
        context.update(session=session, acta=acta)
        return context


class MinutesPdfView(View):
    """The PDF of an approved acta. A draft, or an acta recording agreements that are not public,
    answers 404 (the PDF records every agreement of its session)."""

    def get(self, request: HttpRequest, pk: int) -> HttpResponseBase:
        minutes = access.fetch(
            request.user,
            "public_minutes",
            selectors.public_minutes(request.user).select_related("session"),
            pk=pk,
            action=access.route_permission(request),
        )
        acta = selectors.session_acta(request.user, minutes.session)
        if acta is None or acta.minutes.pk != minutes.pk or not acta.pdf_public:
            raise Http404
        return file_download(
            request, minutes.pdf, filename=f"acta-{minutes.session_id}-v{minutes.version}.pdf", inline=True
        )


# Agreements ------------------------------------------------------------------------------------------


class AgreementListView(PublicPageCache, PortalPage):
    template_name = "portal/agreement_list.html"
    section = "agreements"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        visible = selectors.public_agreements(self.request.user)
        filterset = PublicAgreementFilter(self.request.GET or None, queryset=visible)
        owners = filterset.filters["owner"]
        owners.queryset = (
            Entity.objects.filter(pk__in=visible.values("owner_id")).only("id", "acronym").order_by("acronym")
        )
        queryset = filterset.qs if filterset.is_bound and filterset.is_valid() else filterset.queryset
        page = Paginator(queryset, PAGE_SIZE).get_page(self.request.GET.get("page"))
        context.update(filter=filterset, page=page, agreements=page.object_list)
        return context


# Members --------------------------------------------------------------------------------------------


class MemberListView(PublicPageCache, PortalPage):
    template_name = "portal/member_list.html"
    section = "members"
    SECTIONS = [
        ("miembros", [EntityKind.MEMBER]),
        ("observadores", [EntityKind.OBSERVER]),
        ("comisiones", [EntityKind.COOPERATION_AGENCY, EntityKind.CIVIL_SOCIETY]),
    ]

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        today = timezone.localdate()
        entities = list(selectors.public_entities(self.request.user, day=today))
        context.update(
            today=today,
            sections=[(key, [e for e in entities if e.kind in kinds]) for key, kinds in self.SECTIONS],
        )
        return context


# Norms ----------------------------------------------------------------------------------------------


class NormListView(PublicPageCache, PortalPage):
    template_name = "portal/norm_list.html"
    section = "norms"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["norms"] = list(selectors.public_norms(self.request.user))
        return context


class NormDetailView(PublicPageCache, PortalPage):
    template_name = "portal/norm_detail.html"
    section = "norms"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        norm = access.fetch(
            self.request.user,
            "public_norm",
            selectors.public_norms(self.request.user),
            code=kwargs["code"],
            action=access.route_permission(self.request),
        )
        rules = list(selectors.norm_rules_in_force(norm))
        for rule in rules:
            rule.value_text = describe(rule.value, rule.unit)  # type: ignore[attr-defined]
        context.update(norm=norm, articles=list(selectors.norm_articles(norm)), rules=rules)
        return context


# Working groups ---------------------------------------------------------------------------------------


class GroupListView(PublicPageCache, PortalPage):
    template_name = "portal/group_list.html"
    section = "groups"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        plan = selectors.public_plan(self.request.user)
        progress = selectors.plan_progress(plan)
        groups = list(selectors.public_groups(self.request.user))
        context.update(
            plan=plan,
            progress=progress,
            groups=[(group, selectors.group_progress(progress, group.number)) for group in groups],
        )
        return context


class GroupDetailView(PublicPageCache, PortalPage):
    template_name = "portal/group_detail.html"
    section = "groups"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        user = self.request.user
        group: WorkingGroup = access.fetch(
            user,
            "public_registry",
            selectors.public_groups(user),
            number=kwargs["number"],
            action=access.route_permission(self.request),
        )
        plan = selectors.public_plan(user)
        row = selectors.group_progress(selectors.plan_progress(plan), group.number)
        subgroup_rows = {s.code: s for s in row.subgroups} if row is not None else {}
        context.update(
            group=group,
            plan=plan,
            progress=row,
            subgroups=[(subgroup, subgroup_rows.get(subgroup.code)) for subgroup in group.subgroups.all()],
            documents=selectors.public_documents(user, group=group.number)[:20],
        )
        return context


# Documents ------------------------------------------------------------------------------------------


class DocumentListView(PublicPageCache, PortalPage):
    """The documents the ST classified público, searchable by title and filterable by group."""

    template_name = "portal/document_list.html"
    section = "documents"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        user = self.request.user
        text = (self.request.GET.get("q") or "")[:200]
        group = plain_int(self.request.GET.get("grupo"))
        queryset = selectors.public_documents(user, text=text, group=group)
        page = Paginator(queryset, PAGE_SIZE).get_page(self.request.GET.get("page"))
        context.update(
            page=page,
            documents=page.object_list,
            q=text,
            group=group,
            groups=selectors.public_groups(user),
        )
        return context


def _public_document(request: HttpRequest, pk: Any) -> Any:
    return selectors.access_public_document(request.user, pk, action=access.route_permission(request))


class DocumentDetailView(PublicPageCache, PortalPage):
    template_name = "portal/document_detail.html"
    section = "documents"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["document"] = _public_document(self.request, kwargs["pk"])
        return context


class DocumentFileView(View):
    """The file of a público document's current version; reservado and interno answer 404."""

    def get(self, request: HttpRequest, pk: int) -> HttpResponseBase:
        document = _public_document(request, pk)
        version = document.current_version
        extension = (version.file.name or "").rsplit(".", 1)[-1]
        return file_download(request, version.file, filename=f"documento-{document.pk}-v{version.number}.{extension}")


# News -----------------------------------------------------------------------------------------------

NEWS_PAGE_SIZE = 10


class NewsListView(PublicPageCache, PortalPage):
    template_name = "portal/news_list.html"
    section = "news"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        queryset = selectors.public_news(self.request.user).defer("body")
        page = Paginator(queryset, NEWS_PAGE_SIZE).get_page(self.request.GET.get("page"))
        context.update(page=page, news_list=page.object_list)
        return context


def _public_news(request: HttpRequest, slug: str) -> News:
    """A published news item whose date has come; a draft or a scheduled one is 404 for anyone."""
    return access.fetch(
        request.user,
        "public_news",
        selectors.public_news(request.user),
        slug=slug,
        action=access.route_permission(request),
    )


class NewsDetailView(PublicPageCache, PortalPage):
    template_name = "portal/news_detail.html"
    section = "news"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        news = _public_news(self.request, kwargs["slug"])
        # render_markdown escapes raw HTML and drops unsafe links: its output is safe as it is.
        context.update(news=news, body_html=mark_safe(render_markdown(news.body)))  # noqa: S308
        return context


class NewsImageView(View):
    """The image of a published news item. Public content: served inline and cacheable, without a
    line in the security log (every visit of the page loads it); only PNG and JPEG were accepted."""

    def get(self, request: HttpRequest, slug: str) -> HttpResponseBase:
        news = _public_news(request, slug)
        field = news.image
        if not field or not field.name:
            raise Http404
        content_type = mimetypes.guess_type(field.name)[0]
        if content_type not in ("image/png", "image/jpeg"):
            raise Http404
        response: HttpResponseBase
        if settings.PROTECTED_MEDIA_ACCEL_PREFIX:
            response = HttpResponse(content_type=content_type)
            response["X-Accel-Redirect"] = settings.PROTECTED_MEDIA_ACCEL_PREFIX + quote(field.name)
        else:
            try:
                handle = field.open("rb")
            except FileNotFoundError:
                raise Http404 from None
            response = FileResponse(handle, content_type=content_type)
        response["X-Content-Type-Options"] = "nosniff"
        response["Cache-Control"] = "public, max-age=3600"
        return response


# Contact --------------------------------------------------------------------------------------------


class _AddressThrottle(SimpleRateThrottle):
    """The contact rate counted per e-mail address, whoever sends from wherever."""

    scope = "contact"

    def __init__(self, address: str) -> None:
        self.address = address
        super().__init__()

    def get_cache_key(self, request: Any, view: Any) -> str:
        ident = hashlib.sha256(self.address.strip().lower().encode()).hexdigest()
        return self.cache_format % {"scope": self.scope, "ident": f"address-{ident}"}


def _throttle_address(request: HttpRequest, address: str) -> None:
    limiter = _AddressThrottle(address)
    if not limiter.allow_request(request, SimpleNamespace()):  # type: ignore[arg-type]
        raise Throttled(wait=limiter.wait())


class ContactView(PortalPage):
    """Write to the Secretaría Técnica. A message goes to the outbox once; the rate is counted per
    network address (every post) and per e-mail address (every message), 429 past it."""

    template_name = "portal/contact.html"
    section = "contact"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.setdefault("form", ContactForm())
        return context

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        throttle(request, "contact")
        form = ContactForm(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form), status=200)
        if not form.is_spam:
            _throttle_address(request, form.cleaned_data["email"])
            data = {k: form.cleaned_data[k] for k in ("name", "email", "subject", "message")}
            services.contact_submit(**data)
        return redirect("portal:contact-thanks")


class ContactThanksView(PortalPage):
    template_name = "portal/contact_thanks.html"
    section = "contact"


# Managing news (the Secretaría Técnica, on the logged-in site) -----------------------------------


def _managed_news(request: HttpRequest, pk: Any) -> News:
    return access.fetch(request.user, "news", selectors.managed_news(request.user), pk=pk, action="news.manage")


class NewsManageView(TemplateView):
    template_name = "portal/news_manage.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        page = Paginator(selectors.managed_news(self.request.user), 50).get_page(self.request.GET.get("page"))
        context.update(page=page, news_list=page.object_list, now=timezone.now())
        return context


class NewsFormView(ServiceFormView):
    template_name = "portal/news_form.html"
    form_class = NewsForm
    instance: News | None = None

    def cancel_url(self) -> str:
        return reverse("portal:news-manage")

    def success_url_for(self, result: Any) -> str:
        return reverse("portal:news-edit", args=[result.pk])

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["news"] = self.instance
        return context


class NewsCreateView(NewsFormView):
    title = gettext_lazy("Nueva noticia")
    intro = gettext_lazy("Se guarda como borrador: el portal la muestra cuando la publique.")
    success_message = gettext_lazy("Noticia guardada como borrador.")

    def perform(self, form: Any) -> News:
        return services.news_create(actor=self.request.user, **form.cleaned_data)


class NewsEditView(NewsFormView):
    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        self.instance = _managed_news(request, kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        kwargs["instance"] = self.instance
        return kwargs

    @property
    def title(self) -> str:
        return _("Editar «%(title)s»") % {"title": self.instance.title if self.instance else ""}

    def perform(self, form: Any) -> News:
        assert self.instance is not None
        return services.news_update(actor=self.request.user, news=self.instance, **form.cleaned_data)


class NewsActionView(View):
    """Publish or withdraw a news item (a POST from the list or the editor)."""

    def post(self, request: HttpRequest, pk: int, action: str) -> HttpResponseBase:
        news = _managed_news(request, pk)
        try:
            if action == "publish":
                news = services.news_publish(actor=request.user, news=news)
                messages.success(request, _("Noticia publicada."))
            elif action == "unpublish":
                news = services.news_unpublish(actor=request.user, news=news)
                messages.success(request, _("Noticia retirada del portal: vuelve a ser borrador."))
            else:
                raise Http404
        except ValidationError as error:
            for text in error.messages:
                messages.error(request, text)
        return HttpResponseRedirect(reverse("portal:news-manage"))
