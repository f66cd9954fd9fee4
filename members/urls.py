from django.urls import path

from . import views

app_name = "members"
urlpatterns = [
    path("", views.EntityListView.as_view(), name="entity-list"),
    path("entidades/nueva/", views.EntityCreateView.as_view(), name="entity-create"),
    path("entidades/<int:pk>/", views.EntityDetailView.as_view(), name="entity-detail"),
    path("entidades/<int:pk>/editar/", views.EntityUpdateView.as_view(), name="entity-update"),
    path("entidades/<int:pk>/historial/", views.EntityHistoryView.as_view(), name="entity-history"),
    path("entidades/<int:pk>/membresias/nueva/", views.MembershipCreateView.as_view(), name="membership-create"),
    path("membresias/<int:pk>/terminar/", views.MembershipEndView.as_view(), name="membership-end"),
    path("designaciones/", views.DesignationListView.as_view(), name="designation-list"),
    path("designaciones/nueva/", views.DesignationCreateView.as_view(), name="designation-create"),
    path("designaciones/aviso/", views.NoticeCheckView.as_view(), name="designation-notice-check"),
    path("designaciones/<int:pk>/", views.DesignationDetailView.as_view(), name="designation-detail"),
    path("designaciones/<int:pk>/editar/", views.DesignationUpdateView.as_view(), name="designation-update"),
    path("designaciones/<int:pk>/reemplazar/", views.DesignationReplaceView.as_view(), name="designation-replace"),
    path("grupos/", views.GroupListView.as_view(), name="group-list"),
    path("grupos/nuevo/", views.GroupCreateView.as_view(), name="group-create"),
    path("grupos/<int:pk>/", views.GroupDetailView.as_view(), name="group-detail"),
    path("grupos/<int:pk>/editar/", views.GroupUpdateView.as_view(), name="group-update"),
    path("grupos/<int:pk>/coordinacion/", views.GroupCoordinatorView.as_view(), name="group-coordinator"),
    path("grupos/<int:pk>/integrantes/nuevo/", views.GroupMemberAddView.as_view(), name="group-member-add"),
    path("grupos/<int:pk>/subgrupos/nuevo/", views.SubgroupCreateView.as_view(), name="subgroup-create"),
    path("subgrupos/<int:pk>/", views.SubgroupDetailView.as_view(), name="subgroup-detail"),
    path("subgrupos/<int:pk>/editar/", views.SubgroupUpdateView.as_view(), name="subgroup-update"),
    path("subgrupos/<int:pk>/responsable/", views.SubgroupLeadView.as_view(), name="subgroup-lead"),
    path("subgrupos/<int:pk>/integrantes/nuevo/", views.SubgroupMemberAddView.as_view(), name="subgroup-member-add"),
    path("comisiones-de-apoyo/", views.SupportCommissionListView.as_view(), name="support-commissions"),
    path("sociedad-civil/", views.CsoRegistryView.as_view(), name="cso-registry"),
    path("sociedad-civil/inscribir/", views.CsoRegisterView.as_view(), name="cso-register"),
    path("sociedad-civil/<int:pk>/", views.CsoDetailView.as_view(), name="cso-detail"),
    path("sociedad-civil/<int:pk>/editar/", views.CsoUpdateView.as_view(), name="cso-update"),
    path("composicion/", views.CompositionView.as_view(), name="composition"),
    path("exportar/entidades.csv", views.EntityCsvView.as_view(), name="export-entities"),
    path("exportar/sociedad-civil.csv", views.CsoCsvView.as_view(), name="export-cso"),
]
