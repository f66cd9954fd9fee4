"""Pages of the workspaces and their libraries. Who may open each page is decided before the view
runs (the access matrix); objects are fetched through ``library.access``; writes go to services."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import F, QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View

from members.models import Subgroup, WorkingGroup
from mtigm.core import access
from mtigm.core.files import ProtectedFileView, file_download
from mtigm.core.views import add_form_errors, attempt
from sessions.models import AgendaItem, Session
from workplans.models import PlanLine

from . import selectors, services
from .access import (
    access_document,
    access_folder,
    access_group_workspace,
    access_subgroup_workspace,
    link_of,
    version_of,
)
from .forms import DocumentEditForm, DocumentForm, FolderForm, LinkForm, SearchForm, VersionForm
from .models import DigestOptOut, Document


def _workspace(request: HttpRequest, kind: str, ref: int) -> WorkingGroup | Subgroup:
    if kind == "grupo":
        return access_group_workspace(request.user, ref)
    if kind == "subgrupo":
        return access_subgroup_workspace(request.user, ref)
    raise Http404


def workspace_url(workspace: WorkingGroup | Subgroup) -> str:
    if isinstance(workspace, WorkingGroup):
        return reverse("library:group", args=[workspace.number])
    return reverse("library:subgroup", args=[workspace.pk])


def _may_upload_to(request: HttpRequest, workspace: WorkingGroup | Subgroup) -> bool:
    probe = Document(**({"group": workspace} if isinstance(workspace, WorkingGroup) else {"subgroup": workspace}))
    return access.can(request.user, "library.upload", probe)


class WorkspacesView(View):
    def get(self, request: HttpRequest) -> HttpResponse:
        groups, subgroups = selectors.my_workspaces(request.user)
        return render(
            request,
            "library/workspaces.html",
            {
                "groups": groups,
                "subgroups": subgroups,
                "recent": selectors.documents_visible(request.user)[:10],
                "may_digest": access.can(request.user, "library.digest"),
            },
        )


class _WorkspaceView(View):
    template_name = "library/workspace.html"

    def render_workspace(self, request: HttpRequest, workspace: WorkingGroup | Subgroup, space: Any) -> HttpResponse:
        search = SearchForm(request.GET or None)
        text, folder = "", None
        if search.is_valid():
            text = search.cleaned_data["q"] or ""
            if search.cleaned_data["folder"]:
                folder = access_folder(request.user, workspace, search.cleaned_data["folder"])
        documents = selectors.workspace_documents(request.user, workspace, text=text, folder=folder)
        page = Paginator(documents, selectors.PAGE_SIZE).get_page(request.GET.get("page"))
        kind = "grupo" if isinstance(workspace, WorkingGroup) else "subgrupo"
        ref = workspace.number if isinstance(workspace, WorkingGroup) else workspace.pk
        return render(
            request,
            self.template_name,
            {
                "workspace": workspace,
                "space": space,
                "kind": kind,
                "ref": ref,
                "page": page,
                "documents": page.object_list,
                "folders": selectors.folders_of(workspace),
                "folder": folder,
                "search": search,
                "may_upload": _may_upload_to(request, workspace),
                "folder_form": FolderForm(),
            },
        )


class GroupWorkspaceView(_WorkspaceView):
    def get(self, request: HttpRequest, number: int) -> HttpResponse:
        group = access_group_workspace(request.user, number)
        return self.render_workspace(request, group, selectors.group_workspace(request.user, group))


class SubgroupWorkspaceView(_WorkspaceView):
    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        subgroup = access_subgroup_workspace(request.user, pk)
        return self.render_workspace(request, subgroup, selectors.subgroup_workspace(request.user, subgroup))


class DocumentCreateView(View):
    def _form(self, request: HttpRequest, workspace: WorkingGroup | Subgroup, data: Any = None) -> DocumentForm:
        return DocumentForm(
            data,
            request.FILES if data is not None else None,
            folders=selectors.folders_of(workspace),
            public_allowed=access.can(request.user, "library.classify_public"),
        )

    def _render(self, request: HttpRequest, workspace: WorkingGroup | Subgroup, form: DocumentForm) -> HttpResponse:
        return render(
            request,
            "library/document_form.html",
            {"workspace": workspace, "workspace_url": workspace_url(workspace), "form": form},
        )

    def get(self, request: HttpRequest, kind: str, ref: int) -> HttpResponse:
        workspace = _workspace(request, kind, ref)
        return self._render(request, workspace, self._form(request, workspace))

    def post(self, request: HttpRequest, kind: str, ref: int) -> HttpResponse:
        workspace = _workspace(request, kind, ref)
        form = self._form(request, workspace, request.POST)
        if form.is_valid():
            try:
                document = services.document_create(actor=request.user, workspace=workspace, **form.cleaned_data)
            except ValidationError as error:
                add_form_errors(form, error)
            else:
                messages.success(request, _("Documento subido (versión 1)."))
                return redirect("library:document", pk=document.pk)
        return self._render(request, workspace, form)


class FolderCreateView(View):
    def post(self, request: HttpRequest, kind: str, ref: int) -> HttpResponse:
        workspace = _workspace(request, kind, ref)
        form = FolderForm(request.POST)
        if form.is_valid():
            attempt(
                request,
                lambda: services.folder_create(actor=request.user, workspace=workspace, name=form.cleaned_data["name"]),
                _("Carpeta creada."),
            )
        else:
            messages.error(request, _("Escriba el nombre de la carpeta."))
        return redirect(workspace_url(workspace))


def _link_choices(request: HttpRequest, document: Document) -> tuple[QuerySet[PlanLine], QuerySet[AgendaItem]]:
    """The plan products of the document's workspace, and the agenda items of sessions still to
    be held to which the user may attach documents."""
    workspace = document.workspace
    # The products of the version in force of each plan: older versions' lines are history.
    lines = PlanLine.objects.filter(version__plan__current_version=F("version"))
    if isinstance(workspace, WorkingGroup):
        lines = lines.filter(subgroup__group=workspace)
    else:
        lines = lines.filter(subgroup=workspace)
    lines = lines.select_related("subgroup", "version__plan").order_by(
        "-version__plan__year", "subgroup__code", "position"
    )
    open_sessions = Session.objects.exclude(state__in=[Session.State.HELD, Session.State.CANCELLED])
    items = access.scope(
        AgendaItem.objects.filter(session__in=open_sessions).select_related("session"),
        request.user,
        "agenda_item.attach",
    ).order_by("session__starts_at", "position")
    return lines, items


def render_document(
    request: HttpRequest, document: Document, *, version_form: VersionForm | None = None, status: int = 200
) -> HttpResponse:
    """A document's page: its versions and links, and for who may upload, the forms to add a
    version (with the errors of a refused one) and to link it."""
    may_upload = access.can(request.user, "library.upload", document)
    context: dict[str, Any] = {
        "document": document,
        "workspace_url": workspace_url(document.workspace),
        "may_upload": may_upload,
        **selectors.document_detail(document),
    }
    if may_upload:
        lines, items = _link_choices(request, document)
        context.update(version_form=version_form or VersionForm(), link_lines=lines[:200], link_items=items[:200])
    return render(request, "library/document.html", context, status=status)


class DocumentView(View):
    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        return render_document(request, access_document(request.user, pk))


class VersionCreateView(View):
    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        document = access_document(request.user, pk, action="library.upload")
        form = VersionForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                version = services.version_add(actor=request.user, document=document, **form.cleaned_data)
            except ValidationError as error:
                add_form_errors(form, error)
            else:
                messages.success(request, _("Versión %(n)s subida.") % {"n": version.number})
                return redirect("library:document", pk=document.pk)
        return render_document(request, document, version_form=form, status=400)


class VersionFileView(ProtectedFileView):
    def get(self, request: HttpRequest, pk: int, number: int) -> HttpResponseBase:
        document = access_document(request.user, pk)
        version = version_of(document, number)
        extension = (version.file.name or "").rsplit(".", 1)[-1]
        return file_download(request, version.file, filename=f"{document.pk}-v{version.number}.{extension}")


class DocumentEditView(View):
    def _form(self, request: HttpRequest, document: Document, data: Any = None) -> DocumentEditForm:
        initial = {
            "title": document.title,
            "description": document.description,
            "classification": document.classification,
            "folder": document.folder_id,
        }
        public_allowed = access.can(request.user, "library.classify_public", document)
        return DocumentEditForm(
            data,
            initial=initial,
            folders=selectors.folders_of(document.workspace),
            public_allowed=public_allowed or document.classification == "public",
        )

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        document = access_document(request.user, pk, action="library.upload")
        return render(
            request, "library/document_edit.html", {"document": document, "form": self._form(request, document)}
        )

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        document = access_document(request.user, pk, action="library.upload")
        form = self._form(request, document, request.POST)
        if form.is_valid():
            try:
                services.document_update(actor=request.user, document=document, **form.cleaned_data)
            except ValidationError as error:
                add_form_errors(form, error)
            else:
                messages.success(request, _("Documento actualizado."))
                return redirect("library:document", pk=document.pk)
        return render(request, "library/document_edit.html", {"document": document, "form": form})


class DocumentLinkView(View):
    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        document = access_document(request.user, pk, action="library.upload")
        form = LinkForm(request.POST)
        if not form.is_valid():
            for error in form.errors.get("__all__", []) or [_("Elija un producto del plan o un punto de agenda.")]:
                messages.error(request, str(error))
            return redirect("library:document", pk=document.pk)
        lines, items = _link_choices(request, document)
        found: Any
        if form.cleaned_data.get("line"):
            found = lines.filter(pk=form.cleaned_data["line"]).first()
            missing = _(
                "El producto no es de este grupo o subgrupo: solo se adjunta evidencia a los productos propios."
            )
            done = _("Documento vinculado al producto.")

            def link() -> Any:
                return services.link_to_line(actor=request.user, document=document, line=found)
        else:
            found = items.filter(pk=form.cleaned_data["agenda_item"]).first()
            missing = _("Ese punto de agenda no admite documentos suyos: elija uno de una sesión por realizarse.")
            done = _("Documento vinculado al punto de agenda.")

            def link() -> Any:
                return services.link_to_agenda_item(actor=request.user, document=document, item=found)

        if found is None:
            messages.error(request, missing)
        else:
            attempt(request, link, done)
        return redirect("library:document", pk=document.pk)


class DocumentUnlinkView(View):
    def post(self, request: HttpRequest, pk: int, link: int) -> HttpResponse:
        document = access_document(request.user, pk, action="library.upload")
        found = link_of(document, link)
        attempt(request, lambda: services.link_remove(actor=request.user, link=found), _("Vínculo retirado."))
        return redirect("library:document", pk=document.pk)


class DigestView(View):
    def get(self, request: HttpRequest) -> HttpResponse:
        opted_out = DigestOptOut.objects.filter(user_id=request.user.pk or 0).exists()
        return render(request, "library/digest.html", {"receives": not opted_out})

    def post(self, request: HttpRequest) -> HttpResponse:
        receive = request.POST.get("receive") == "1"
        attempt(
            request,
            lambda: services.digest_set(actor=request.user, receive=receive),
            _("Recibirá el resumen diario.") if receive else _("Ya no recibirá el resumen diario."),
        )
        return redirect("library:digest")
