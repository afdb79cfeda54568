"""/api/v1/... (token or session), /api/schema/ (OpenAPI 3), /api/docs/ (Swagger UI, assets served locally)."""

from __future__ import annotations

from csp.constants import SELF, UNSAFE_INLINE
from csp.decorators import csp_replace
from django.contrib.auth.decorators import login_required
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from api import views, views_month

router = DefaultRouter()
router.register("units", views.UnitViewSet, basename="unit")
router.register("goals", views.GoalViewSet, basename="goal")
router.register("indicators", views.IndicatorViewSet, basename="indicator")
router.register("agreements", views.AgreementViewSet, basename="agreement")
router.register("monthly-targets", views.MonthlyTargetViewSet, basename="monthly-target")
router.register("realisations", views.RealisationViewSet, basename="realisation")
router.register("month-statuses", views.MonthStatusViewSet, basename="month-status")
router.register("reports", views.ReportViewSet, basename="report")

MONTH = "months/<slug:unit>/<int:year>/b<int:month>/"
v1 = [
    *router.urls,
    path("scorecards/<slug:unit>/<int:year>/q<int:quarter>/", views.ScorecardView.as_view(), name="scorecard"),
    path("agency-summary/<int:year>/q<int:quarter>/", views.AgencySummaryView.as_view(), name="agency-summary"),
    path(MONTH, views_month.MonthView.as_view(), name="month"),
    path(MONTH + "realisations/", views_month.MonthRealisationsView.as_view(), name="month-realisations"),
    path(MONTH + "submit/", views_month.MonthSubmitView.as_view(), name="month-submit"),
    path(MONTH + "review/", views_month.MonthReviewView.as_view(), name="month-review"),
]


# Swagger UI sets inline styles: allowed on this page only (its script is a file of its own, from the sidecar
# package, as are its other assets). A hash in style-src would void 'unsafe-inline', hence replace.
# DRF's views authenticate themselves (token or session, 401 in JSON); the docs page sends a browser to log in.
docs_view = login_required(
    csp_replace({"style-src": [SELF, UNSAFE_INLINE]})(SpectacularSwaggerSplitView.as_view(url_name="api:schema"))
)

app_name = "api"
urlpatterns = [
    path("v1/", include(v1)),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", docs_view, name="docs"),
]
