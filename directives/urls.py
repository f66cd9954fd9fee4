from django.urls import path

from . import views

app_name = "directives"
urlpatterns = [
    path("", views.NormListView.as_view(), name="norm-list"),
    path("reglas/", views.RuleListView.as_view(), name="rule-list"),
    path("reglas/<str:key>/", views.RuleDetailView.as_view(), name="rule-detail"),
    path("dias-no-laborables/", views.NonWorkingDayListView.as_view(), name="nonworkingday-list"),
    path(
        "dias-no-laborables/<int:pk>/eliminar/",
        views.NonWorkingDayDeleteView.as_view(),
        name="nonworkingday-delete",
    ),
    path("calculadora/", views.DeadlineCalculatorView.as_view(), name="deadline-calculator"),
    path("nueva-directiva/", views.NormCreateView.as_view(), name="norm-new"),
    path("<slug:code>/", views.NormDetailView.as_view(), name="norm-detail"),
    path("<slug:code>/reglas-pendientes/", views.NormPendingRulesView.as_view(), name="norm-pending-rules"),
    path("<slug:code>/<str:number>/", views.ArticleDetailView.as_view(), name="article-detail"),
]
