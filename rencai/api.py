"""The REST API at /api/v1/: mounts each app's routers and maps errors to one envelope:
``{"code": ..., "message": ..., "fields": {...}}`` with translated messages."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError

from rencai.accounts.api import admin_router, auth_router, guardian_router, me_router
from rencai.applications.api import (
    employer_applications_router,
    employer_invitations_router,
    me_applications_router,
    me_invitations_router,
    pipeline_stages_router,
)
from rencai.audit.api import router as audit_router
from rencai.audit.api_archive import archive_router
from rencai.core.api import router as core_router
from rencai.core.api_compliance import router as compliance_router
from rencai.core.errors import DomainError, RateLimited
from rencai.core.reference_api import router as reference_router
from rencai.inspection.api import regulator_router
from rencai.jobs.api import employer_router, jobs_router, review_router
from rencai.messaging.api import (
    conversations_router,
    employer_interviews_router,
    seeker_interviews_router,
    templates_router,
)
from rencai.moderation.api_reports import ops_reports_router, reports_router
from rencai.notifications.api import preferences_router as notification_prefs_router
from rencai.notifications.api import router as notifications_router
from rencai.orgs.api import companies_router, operator_router, orgs_router
from rencai.privacy.api import consent_router, legal_router
from rencai.privacy.api_centre import centre_router
from rencai.privacy.api_exports import exports_router, portability_router
from rencai.privacy.api_ops import ops_privacy_router
from rencai.privacy.api_requests import ops_requests_router, requests_router
from rencai.resumes.api import employer_router as employer_resumes_router
from rencai.resumes.api import hidden_router, resumes_router, views_router
from rencai.reviews.api import me_reviews_router, reviews_router
from rencai.risk.api import ops_risk_router
from rencai.sanctions.api import me_sanctions_router, ops_sanctions_router
from rencai.search.alerts_api import router as saved_searches_router
from rencai.search.api import router as search_router
from rencai.search.resume_api import router as resume_search_router

api = NinjaAPI(
    title="rencai API",
    version="1.0.0",
    description=(
        "REST API of rencai (人才), a compliance-first online recruitment platform. "
        "Programs authenticate with `Authorization: Bearer rc_…` tokens created in the "
        "account settings; the website uses its session cookie (with CSRF). Every error "
        "has the shape `{code, message, fields}`; `code` is stable."
    ),
    urls_namespace="api",
)
api.add_router("/auth", auth_router)
api.add_router("/me", me_router)
api.add_router("/me/consents", consent_router)
api.add_router("/me/privacy/requests", requests_router)
api.add_router("/me/privacy/exports", exports_router)
api.add_router("/me/privacy", centre_router)
api.add_router("/privacy/portability", portability_router)
api.add_router("/operator/privacy/requests", ops_requests_router)
api.add_router("/operator/privacy", ops_privacy_router)
api.add_router("/admin/archive", archive_router)
api.add_router("/me/notifications", notifications_router)
api.add_router("/me/notification-preferences", notification_prefs_router)
api.add_router("/me/saved-searches", saved_searches_router)
api.add_router("/me/resumes", resumes_router)
api.add_router("/me/hidden-organisations", hidden_router)
api.add_router("/me/resume-views", views_router)
api.add_router("/me/applications", me_applications_router)
api.add_router("/me/invitations", me_invitations_router)
api.add_router("/guardian", guardian_router)
api.add_router("/legal", legal_router)
api.add_router("/admin", admin_router)
api.add_router("/admin/audit", audit_router)
api.add_router("/platform", core_router)
api.add_router("/reference", reference_router)
api.add_router("/orgs", orgs_router)
api.add_router("/companies", companies_router)
api.add_router("/operator", operator_router)
api.add_router("/jobs", search_router)  # before /jobs/{posting_id} would take "search"
api.add_router("/jobs", jobs_router)
api.add_router("/employer/jobs", employer_router)
api.add_router("/conversations", conversations_router)
api.add_router("/me/interviews", seeker_interviews_router)
api.add_router("/employer/interviews", employer_interviews_router)
api.add_router("/employer/interview-templates", templates_router)
api.add_router("/employer/resumes", employer_resumes_router)
api.add_router("/employer/applications", employer_applications_router)
api.add_router("/employer/pipeline-stages", pipeline_stages_router)
api.add_router("/employer/invitations", employer_invitations_router)
api.add_router("/employer/resume-search", resume_search_router)
api.add_router("/operator/job-reviews", review_router)
api.add_router("/regulator", regulator_router)
api.add_router("/operator/risk", ops_risk_router)
api.add_router("/reports", reports_router)
api.add_router("/operator/reports", ops_reports_router)
api.add_router("/me/sanctions", me_sanctions_router)
api.add_router("/operator/sanctions", ops_sanctions_router)
api.add_router("/reviews", reviews_router)
api.add_router("/me/reviews", me_reviews_router)
api.add_router("/operator/compliance", compliance_router)


def _envelope(
    request: HttpRequest, status: int, code: str, message: str, fields: dict[str, str] | None = None
) -> HttpResponse:
    return api.create_response(
        request, {"code": code, "message": message, "fields": fields or {}}, status=status
    )


@api.exception_handler(DomainError)
def domain_error(request: HttpRequest, exc: DomainError) -> HttpResponse:
    response = api.create_response(request, exc.as_dict(), status=exc.status)
    if isinstance(exc, RateLimited):
        response["Retry-After"] = str(exc.retry_after)
    return response


@api.exception_handler(ValidationError)
def validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    fields: dict[str, str] = {}
    for error in exc.errors:
        location = [
            str(part)
            for part in error.get("loc", ())
            if part not in ("body", "payload", "query", "path", "form", "file")
        ]
        fields[".".join(location) or "body"] = str(error.get("msg", ""))
    return _envelope(
        request, 422, "validation_error", _("Some fields are missing or invalid."), fields
    )


@api.exception_handler(AuthenticationError)
def authentication_error(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return _envelope(request, 401, "not_authenticated", _("Please sign in first."))


@api.exception_handler(Http404)
def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return _envelope(
        request, 404, "not_found", _("This item does not exist or is not visible to you.")
    )


@api.exception_handler(HttpError)
def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    if exc.status_code == 403:
        return _envelope(
            request, 403, "csrf_failed", _("The request was refused. Reload the page and retry.")
        )
    return _envelope(request, exc.status_code, "http_error", str(exc))
