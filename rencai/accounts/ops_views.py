"""Operator pages for security administrators: accounts and their roles (SEC-03)."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from rencai.accounts import actions
from rencai.accounts.choices import Role
from rencai.accounts.forms import GrantRoleForm
from rencai.accounts.permissions import can_manage_roles
from rencai.accounts.queries import users_for_security_admin
from rencai.core.errors import DomainError
from rencai.core.forms_support import apply_domain_error
from rencai.core.http import AuthedRequest, require, web_actor
from rencai.privacy.choices import PiAccessPurpose
from rencai.privacy.governance import record_pi_access


@require(can_manage_roles)
def users_view(request: AuthedRequest) -> HttpResponse:
    search = request.GET.get("q", "").strip()[:60]
    page = Paginator(users_for_security_admin(search), 25).get_page(request.GET.get("page"))
    return render(request, "accounts/ops_users.html", {"page_obj": page, "q": search})


@require(can_manage_roles)
def user_roles_view(request: AuthedRequest, user_id: str) -> HttpResponse:
    target = users_for_security_admin().filter(pk=user_id).first()
    if target is None:
        raise Http404
    form = GrantRoleForm(request.POST if request.POST.get("form") == "grant" else None)
    if request.method == "POST":
        try:
            if request.POST.get("form") == "grant" and form.is_valid():
                actions.grant_role(target, form.cleaned_data["role"], actor=web_actor(request))
                messages.success(request, _("The role was granted."))
                return redirect("accounts:ops_user", user_id=target.pk)
            if request.POST.get("form") == "revoke":
                actions.revoke_role(target, request.POST.get("role", ""), actor=web_actor(request))
                messages.success(request, _("The role was revoked."))
                return redirect("accounts:ops_user", user_id=target.pk)
        except DomainError as error:
            apply_domain_error(form, error)
            if request.POST.get("form") == "revoke":
                messages.error(request, str(error.message))
    if request.method == "GET":
        # The page shows the person's (masked) mobile number, e-mail and roles (SEC-03).
        record_pi_access(
            request.user,
            target,
            purpose=PiAccessPurpose.ACCOUNT_SUPPORT,
            categories=["account", "roles"],
        )
    grants = [(g, Role(g.role).label) for g in target.role_grants.order_by("-created_at")]
    return render(
        request, "accounts/ops_user.html", {"target": target, "form": form, "grants": grants}
    )
