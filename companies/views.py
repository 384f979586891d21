"""The company space (contacts only) and the public page that accepts an invitation."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from nqt.core import links

from . import access, selectors, services
from .forms import InvitationAccountForm, InvitationForm
from .models import Invitation
from .services import InvitationProblem, InvitationRefused

INVITATIONS_PER_PAGE = 20

# The explanation pages answer with a status that says what happened to the link.
PROBLEM_STATUS = {
    InvitationProblem.UNKNOWN: 404,
    InvitationProblem.FORWARDED: 403,
    InvitationProblem.ALREADY_CONTACT: 403,
    InvitationProblem.ALREADY_MENTOR: 403,
    InvitationProblem.ACCOUNT_EXISTS: 409,
}


@login_required
def company_space(request: HttpRequest) -> HttpResponse:
    contact = access.get_contact_for_user(request.user)
    company = contact.company
    form = InvitationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            invitation = services.invitation_create(
                company=company,
                email=form.cleaned_data["email"],
                kind=Invitation.Kind.MENTOR,
                invited_by=request.user,
            )
        except ValidationError as error:
            form.add_error("email", error)
        else:
            messages.success(
                request,
                _("The invitation was sent to %(email)s. The link is valid for %(days)s days.")
                % {"email": invitation.email, "days": _validity_days()},
            )
            return redirect("companies:company_space")
    page = Paginator(selectors.mentor_invitations(company=company), INVITATIONS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "companies/company_space.html",
        {
            "contact": contact,
            "company": company,
            "can_invite": company.agreement_in_force(),
            "form": form,
            "page": page,
            "counts": selectors.invitation_counts(company=company),
            "validity_days": _validity_days(),
        },
    )


@login_required
@require_POST
def invitation_resend(request: HttpRequest, pk: int) -> HttpResponse:
    invitation = access.get_invitation_for_user(request.user, pk)
    try:
        services.invitation_resend(invitation=invitation, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("A new link was sent to %(email)s; the previous one no longer works.")
            % {"email": invitation.email},
        )
    return redirect("companies:company_space")


@login_required
@require_POST
def invitation_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    invitation = access.get_invitation_for_user(request.user, pk)
    try:
        services.invitation_revoke(invitation=invitation, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("The invitation sent to %(email)s is revoked: its link no longer works.")
            % {"email": invitation.email},
        )
    return redirect("companies:company_space")


def _validity_days() -> int:
    return settings.INVITATION_VALIDITY_DAYS


def _welcome(invitation: Invitation) -> str:
    if invitation.kind == Invitation.Kind.CONTACT:
        return _("Welcome! You can now invite your colleagues to become mentors.")
    return _("Your account is ready. One last step: your mentor profile and the charter.")


def _destination(invitation: Invitation) -> str:
    if invitation.kind == Invitation.Kind.CONTACT:
        return reverse("companies:company_space")
    return links.url("mentor_onboarding")


def _problem_page(
    request: HttpRequest, problem: InvitationProblem, invitation: Invitation | None
) -> HttpResponse:
    return render(
        request,
        "companies/invitation_problem.html",
        {
            "problem": problem.value,
            "invitation": invitation,
            "masked_email": _mask(invitation.email) if invitation else "",
            "login_url": f"{reverse('account_login')}?{urlencode({'next': request.path})}",
        },
        status=PROBLEM_STATUS.get(problem, 410),
    )


def _mask(email: str) -> str:
    """``a•••@example.org``: enough for the invited person to recognise their address."""
    local, _at, domain = email.partition("@")
    return f"{local[:1]}•••@{domain}"


@never_cache
def invitation_accept(request: HttpRequest, token: str) -> HttpResponse:
    """Accept an invitation: the link proves the address, so the account is made for it."""
    invitation = selectors.invitation_by_token(token)
    if invitation is None:
        return _problem_page(request, InvitationProblem.UNKNOWN, None)
    user = request.user if request.user.is_authenticated else None
    if user is not None and invitation.used_at and invitation.accepted_by_id == user.pk:
        return redirect(_destination(invitation))
    problem = services.invitation_problem(invitation=invitation, user=user)
    if problem is not None:
        return _problem_page(request, problem, invitation)

    if user is not None:
        if request.method == "POST":
            try:
                services.invitation_accept(invitation=invitation, user=user)
            except InvitationRefused as refusal:
                return _problem_page(request, refusal.problem, invitation)
            messages.success(request, _welcome(invitation))
            return redirect(_destination(invitation))
        return render(request, "companies/invitation_confirm.html", {"invitation": invitation})

    form = InvitationAccountForm(request.POST or None, email=invitation.email)
    if request.method == "POST" and form.is_valid():
        try:
            new_user = services.invitation_accept_with_new_account(
                invitation=invitation,
                first_name=form.cleaned_data["first_name"],
                last_name=form.cleaned_data["last_name"],
                password=form.cleaned_data["password1"],
            )
        except InvitationRefused as refusal:
            return _problem_page(request, refusal.problem, invitation)
        login(request, new_user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(request, _welcome(invitation))
        return redirect(_destination(invitation))
    return render(
        request,
        "companies/invitation_signup.html",
        {"invitation": invitation, "form": form},
    )
