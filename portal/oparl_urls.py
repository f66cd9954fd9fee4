"""Open data of the public portal, mounted under /publico/: OParl 1.1 JSON and CSV downloads."""

from django.urls import path

from . import oparl

app_name = "opendata"
urlpatterns = [
    path("datos/", oparl.OpenDataView.as_view(), name="open-data"),
    path("datos/<slug:dataset>.csv", oparl.CsvView.as_view(), name="csv"),
    path("oparl/v1/", oparl.SystemView.as_view(), name="system"),
    path("oparl/v1/body/", oparl.BodyListView.as_view(), name="body-list"),
    path("oparl/v1/body/<slug:key>/", oparl.BodyView.as_view(), name="body"),
    path("oparl/v1/organization/", oparl.ListView.as_view(dataset="organization"), name="organization-list"),
    path("oparl/v1/organization/<slug:key>/", oparl.OrganizationView.as_view(), name="organization"),
    path("oparl/v1/person/", oparl.ListView.as_view(dataset="person"), name="person-list"),
    path("oparl/v1/person/<int:pk>/", oparl.PersonView.as_view(), name="person"),
    path("oparl/v1/membership/", oparl.ListView.as_view(dataset="membership"), name="membership-list"),
    path("oparl/v1/membership/<int:pk>/", oparl.MembershipView.as_view(), name="membership"),
    path("oparl/v1/meeting/", oparl.ListView.as_view(dataset="meeting"), name="meeting-list"),
    path("oparl/v1/meeting/<int:pk>/", oparl.MeetingView.as_view(), name="meeting"),
    path("oparl/v1/agendaitem/", oparl.ListView.as_view(dataset="agendaitem"), name="agendaitem-list"),
    path("oparl/v1/agendaitem/<int:pk>/", oparl.AgendaItemView.as_view(), name="agendaitem"),
    path("oparl/v1/paper/", oparl.ListView.as_view(dataset="paper"), name="paper-list"),
    path("oparl/v1/paper/<int:pk>/", oparl.PaperView.as_view(), name="paper"),
    path("oparl/v1/file/<int:pk>/", oparl.FileView.as_view(), name="file"),
    # Public documents are Papers of their own list (the "paper" list holds the agreements).
    path("oparl/v1/document/", oparl.ListView.as_view(dataset="document"), name="document-list"),
    path("oparl/v1/document/<int:pk>/", oparl.DocumentView.as_view(), name="document"),
    path("oparl/v1/document/<int:pk>/file/", oparl.DocumentFileView.as_view(), name="document-file"),
]
