"""The candidate's pages: the application's steps, the summary and submission, the file page,
document downloads and the per-file data export."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from nqt.core.http import json_download

from . import access, eligibility, selectors, services, steps
from .downloads import document_response
from .forms import STEP_FORMS
from .models import SensitiveAccess


def _step_context(candidate, current: str) -> dict:
    state = selectors.application_state(candidate)
    return {
        "candidate": candidate,
        "steps": steps.STEPS,
        "current": current,
        "summary_slug": steps.SUMMARY,
        "other_services": eligibility.OTHER_SERVICES,
        **state,
    }


@login_required
@require_GET
def application(request: HttpRequest) -> HttpResponse:
    """Start or resume the application at the first step that still lacks something."""
    candidate = access.get_own_candidate(request.user)
    done = selectors.application_state(candidate)["done"]
    for slug in steps.SLUGS:
        if slug not in done:
            return redirect("candidates:step", slug=slug)
    return redirect("candidates:summary")


@login_required
@never_cache
def step(request: HttpRequest, slug: str) -> HttpResponse:
    candidate = access.get_own_candidate(request.user)
    current = steps.step_by_slug(slug)
    if current is None:
        raise Http404("No such step.")
    # The navigation reflects what is saved, not what the form being corrected holds.
    context = _step_context(candidate, slug)
    form_class = STEP_FORMS[slug]
    if request.method == "POST":
        form = form_class(request.POST, request.FILES, candidate=candidate)
        if form.is_valid():
            try:
                services.candidate_update_profile(
                    candidate=candidate, by=request.user, **form.changes()
                )
            except services.CandidateError as error:
                messages.error(request, str(error))
                return redirect("candidates:step", slug=slug)
            messages.success(request, _("“%(step)s” is saved.") % {"step": current.title})
            return redirect_to_next(slug)
    else:
        form = form_class(candidate=candidate)
    return render(request, "candidates/step.html", {**context, "form": form, "step": current})


def redirect_to_next(slug: str) -> HttpResponse:
    following = steps.next_slug(slug)
    if following == steps.SUMMARY:
        return redirect("candidates:summary")
    return redirect("candidates:step", slug=following)


@login_required
@require_GET
@never_cache
def summary(request: HttpRequest) -> HttpResponse:
    candidate = access.get_own_candidate(request.user)
    context = _step_context(candidate, steps.SUMMARY)
    context["eligibility"] = eligibility.evaluate_current(candidate)
    context["can_submit"] = candidate.status in services.SUBMITTABLE
    return render(request, "candidates/summary.html", context)


@login_required
@require_POST
def submit(request: HttpRequest) -> HttpResponse:
    candidate = access.get_own_candidate(request.user)
    try:
        services.candidate_submit(candidate=candidate, by=request.user)
    except services.CandidateError as error:
        messages.error(request, str(error))
        return redirect("candidates:summary")
    messages.success(
        request,
        _("Your file is sent. The regional team checks it and answers you by e-mail."),
    )
    return redirect("my_space")


@login_required
@require_GET
@never_cache
def candidate_file(request: HttpRequest, pk: int) -> HttpResponse:
    """The whole file on one page, for its owner and the staff of its region."""
    candidate = access.get_candidate_for_user(request.user, pk)
    services.log_sensitive_access(
        staff=request.user, candidate=candidate, what=SensitiveAccess.What.PROFILE, detail="file"
    )
    context = _step_context(candidate, "")
    context["eligibility"] = eligibility.evaluate_current(candidate)
    return render(request, "candidates/file.html", context)


@login_required
@require_GET
@never_cache
def file_export(request: HttpRequest, pk: int) -> HttpResponse:
    """The file's data as JSON (a person's full export is at "my data" in their space)."""
    candidate = access.get_candidate_for_user(request.user, pk)
    services.log_sensitive_access(
        staff=request.user, candidate=candidate, what=SensitiveAccess.What.EXPORT
    )
    return json_download(selectors.candidate_export(candidate), f"dossier-{candidate.pk}.json")


@login_required
@require_GET
@never_cache
def document_download(request: HttpRequest, pk: int) -> FileResponse:
    """A stored document, as an attachment, for its owner and the staff of its region."""
    document = access.get_document_for_user(request.user, pk)
    services.log_sensitive_access(
        staff=request.user,
        candidate=document.candidate,
        what=SensitiveAccess.What.DOCUMENT,
        detail=document.kind,
    )
    return document_response(document)
