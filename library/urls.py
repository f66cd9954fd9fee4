from django.urls import path

from . import views

app_name = "library"
urlpatterns = [
    path("", views.WorkspacesView.as_view(), name="workspaces"),
    path("grupo/<int:number>/", views.GroupWorkspaceView.as_view(), name="group"),
    path("subgrupo/<int:pk>/", views.SubgroupWorkspaceView.as_view(), name="subgroup"),
    path("<slug:kind>/<int:ref>/documentos/nuevo/", views.DocumentCreateView.as_view(), name="document-create"),
    path("<slug:kind>/<int:ref>/carpetas/nueva/", views.FolderCreateView.as_view(), name="folder-create"),
    path("documentos/<int:pk>/", views.DocumentView.as_view(), name="document"),
    path("documentos/<int:pk>/editar/", views.DocumentEditView.as_view(), name="document-edit"),
    path("documentos/<int:pk>/versiones/nueva/", views.VersionCreateView.as_view(), name="version-create"),
    path("documentos/<int:pk>/versiones/<int:number>/archivo/", views.VersionFileView.as_view(), name="version-file"),
    path("documentos/<int:pk>/vincular/", views.DocumentLinkView.as_view(), name="document-link"),
    path(
        "documentos/<int:pk>/vinculos/<int:link>/retirar/", views.DocumentUnlinkView.as_view(), name="document-unlink"
    ),
    path("resumen-diario/", views.DigestView.as_view(), name="digest"),
]
