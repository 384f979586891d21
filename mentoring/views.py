"""The mentor's pages ("Mon espace parrain", onboarding), and the candidate's pages to pause,
withdraw or resume their application."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from candidates import access as candidate_access
from candidates import selectors as candidate_selectors
from candidates import services as candidate_services
from candidates.downloads import document_response
from candidates.models import Candidate
from companies import selectors as company_selectors
from nqt.core.french import long_date

from . import access, rules, selectors, services
from .forms import (
    DeclineForm,
    MentorOnboardingForm,
    MentorProfileForm,
    PauseForm,
    StepBackForm,
    add_service_error,
)
from .models import Mentorship

HISTORY_PER_PAGE = 10


@login_required
@require_GET
def mentor_space(request: HttpRequest) -> HttpResponse:
    mentor = selectors.mentor_profile(user=request.user)
    if mentor is None:
        if company_selectors.pending_mentor_invitation(user=request.user) is not None:
            return redirect("mentoring:mentor_onboarding")
        raise PermissionDenied
    history = Paginator(selectors.mentor_history(mentor=mentor), HISTORY_PER_PAGE).get_page(
        request.GET.get("page")
    )
    pause_form = PauseForm(initial={"paused_until": mentor.paused_until})
    return render(
        request,
        "mentoring/mentor_space.html",
        {
            "mentor": mentor,
            **selectors.mentor_dashboard(mentor=mentor),
            "history": history,
            "pause_form": pause_form,
            **rules.delays(),
        },
    )


@login_required
def mentor_profile_edit(request: HttpRequest) -> HttpResponse:
    mentor = access.get_mentor_for_user(request.user)
    form = MentorProfileForm(
        request.POST or None,
        region=mentor.region,
        initial=MentorProfileForm.initial_from(mentor),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.mentor_update_profile(mentor=mentor, **form.cleaned_data)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Your mentor profile is up to date."))
            return redirect("mentoring:mentor_space")
    return render(request, "mentoring/mentor_profile_form.html", {"mentor": mentor, "form": form})


@login_required
@require_POST
def mentor_pause(request: HttpRequest) -> HttpResponse:
    mentor = access.get_mentor_for_user(request.user)
    if "resume" in request.POST:
        services.mentor_set_pause(mentor=mentor, paused_until=None)
        messages.success(request, _("Your pause is over: you can receive proposals again."))
        return redirect("mentoring:mentor_space")
    form = PauseForm(request.POST)
    if form.is_valid():
        mentor = services.mentor_set_pause(
            mentor=mentor, paused_until=form.cleaned_data["paused_until"]
        )
        messages.success(
            request,
            _("No new proposal will reach you until %(date)s included.")
            % {"date": long_date(mentor.paused_until)},
        )
    else:
        for error in form.errors.get("paused_until", []):
            messages.error(request, error)
    return redirect("mentoring:mentor_space")


@login_required
def mentor_onboarding(request: HttpRequest) -> HttpResponse:
    if selectors.mentor_profile(user=request.user) is not None:
        return redirect("mentoring:mentor_space")
    invitation = access.get_onboarding_invitation(request.user)
    form = MentorOnboardingForm(request.POST or None, region=invitation.company.region)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data["charter_accepted"] = data.pop("charter")
        try:
            services.mentor_onboard(user=request.user, invitation=invitation, **data)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(
                request,
                _(
                    "Thank you! Your mentor profile is saved. The association's regional team "
                    "will activate it shortly; you will receive an e-mail."
                ),
            )
            return redirect("mentoring:mentor_space")
    return render(
        request,
        "mentoring/mentor_onboarding.html",
        {"form": form, "company": invitation.company},
    )


@login_required
@require_GET
def mentor_mentorship(request: HttpRequest, pk: int) -> HttpResponse:
    """A mentorship seen from the mentor space: once started it has the page both parties
    share; before (a proposal, declined, expired) the candidate's professional profile."""
    mentorship = access.get_mentorship_for_user(request.user, pk)
    if mentorship.status in Mentorship.STARTED_STATUSES:
        return redirect("mentoring:mentorship", pk=mentorship.pk)
    return render(request, "mentoring/mentor_mentorship.html", {"mentorship": mentorship})


@require_GET
def mentor_charter(request: HttpRequest) -> HttpResponse:
    return render(request, "mentoring/charter.html")


@login_required
@require_POST
def proposal_accept(request: HttpRequest, pk: int) -> HttpResponse:
    mentor = access.get_mentor_for_user(request.user)
    mentorship = access.get_mentorship_for_user(request.user, pk)
    try:
        services.mentorship_accept(mentorship=mentorship, mentor=mentor)
    except services.ProposalError as error:
        messages.error(request, str(error))
        return redirect("mentoring:mentor_space")
    messages.success(
        request,
        _("Thank you! You now accompany %(name)s: write to them to plan your first meeting.")
        % {"name": mentorship.candidate.user.get_full_name()},
    )
    return redirect("mentoring:mentorship", pk=mentorship.pk)


@login_required
@require_POST
def proposal_decline(request: HttpRequest, pk: int) -> HttpResponse:
    mentor = access.get_mentor_for_user(request.user)
    mentorship = access.get_mentorship_for_user(request.user, pk)
    form = DeclineForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(form.errors["reason"]))
        return redirect("mentoring:mentor_space")
    try:
        services.mentorship_decline(
            mentorship=mentorship, mentor=mentor, reason=form.cleaned_data["reason"]
        )
    except services.ProposalError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Your answer is recorded; the regional team is told."))
    return redirect("mentoring:mentor_space")


@login_required
@require_GET
def mentee_cv(request: HttpRequest, pk: int) -> HttpResponse:
    """The CV of a candidate proposed to, or accompanied by, the signed-in mentor."""
    mentorship = access.get_mentorship_for_user(request.user, pk)
    if mentorship.status not in (
        mentorship.Status.PROPOSED,
        mentorship.Status.ACTIVE,
    ):
        raise Http404
    document = candidate_selectors.cv_document(mentorship.candidate)
    if document is None:
        raise Http404
    return document_response(document)


# --- A candidate pauses, withdraws or resumes their application ------------------------------

STEP_BACK_STATUS = {
    "pause": Candidate.Status.PAUSED,
    "withdraw": Candidate.Status.WITHDRAWN,
}


def _step_back(request: HttpRequest, action: str) -> HttpResponse:
    """The reason, then a confirmation page, then the change (only the candidate's own file:
    anyone without one gets 404)."""
    candidate = candidate_access.get_own_candidate(request.user)
    status = STEP_BACK_STATUS[action]
    refusal = candidate_services.step_back_refusal(candidate, status)
    form = StepBackForm(request.POST or None)
    context = {"candidate": candidate, "action": action, "form": form, "refusal": refusal}
    if request.method == "POST" and refusal is None and form.is_valid():
        if not form.cleaned_data["confirm"]:
            return render(request, "mentoring/application_step_back_confirm.html", context)
        try:
            services.application_step_back(
                candidate=candidate,
                by=request.user,
                status=status,
                reason=form.cleaned_data["reason"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as error:
            add_service_error(form, error)
        except candidate_services.CandidateError as error:
            context["refusal"] = str(error)
        else:
            messages.success(
                request,
                _("Your application is paused.")
                if status == Candidate.Status.PAUSED
                else _("Your application is withdrawn."),
            )
            return redirect("my_space")
    return render(request, "mentoring/application_step_back.html", context)


@login_required
def application_pause(request: HttpRequest) -> HttpResponse:
    return _step_back(request, "pause")


@login_required
def application_withdraw(request: HttpRequest) -> HttpResponse:
    return _step_back(request, "withdraw")


@login_required
@require_POST
def application_resume(request: HttpRequest) -> HttpResponse:
    candidate = candidate_access.get_own_candidate(request.user)
    try:
        services.application_resume(candidate=candidate, by=request.user)
    except candidate_services.CandidateError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Your application is resumed."))
    return redirect("my_space")
