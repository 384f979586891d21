"""Every change to a candidate's file (DESIGN §5).

Registration, saving the application's steps, submission, staff decisions (and the revision of
a refusal), the status moves mentoring asks for, the log of staff reads of sensitive data,
anonymisation and the periodic purges. Each function locks the candidate row, checks the
current state, writes the change and its history row, and records its notifications in the
same transaction (they are e-mailed after commit by the notification service).
"""

from __future__ import annotations

import calendar
import datetime
import logging
from collections.abc import Iterable
from functools import partial
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import F, QuerySet
from django.db.models.functions import Coalesce, Greatest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from nqt.core import moves, notifications, privacy
from nqt.core.staff import manages_region

from . import eligibility, steps
from .models import (
    PAUSABLE,
    WITHDRAWABLE,
    Candidate,
    Document,
    DocumentKind,
    SensitiveAccess,
    StatusChange,
)

if TYPE_CHECKING:
    from nqt.core.models import User

    from .uploads import CheckedUpload

logger = logging.getLogger(__name__)

Status = Candidate.Status

# Statuses in which the candidate may (re)submit the file.
SUBMITTABLE = frozenset({Status.DRAFT, Status.INCOMPLETE})
# Statuses staff decide from.
DECIDABLE = frozenset({Status.SUBMITTED, Status.INCOMPLETE})
DECISIONS = frozenset({Status.ELIGIBLE, Status.INELIGIBLE, Status.INCOMPLETE})
# A decision staff may revise, and what they may revise it to. Only a refusal: an eligible file
# may already hold mentoring proposals, which this app knows nothing about.
REVISABLE = frozenset({Status.INELIGIBLE})
REVISIONS = frozenset({Status.ELIGIBLE, Status.INCOMPLETE})
# A decision the candidate's corrected eligibility data reopens.
REOPENED_BY_EDIT = frozenset({Status.ELIGIBLE, Status.INELIGIBLE})
# Once mentoring has started, eligibility data is settled: staff correct it if needed.
ELIGIBILITY_LOCKED = frozenset({Status.IN_MENTORSHIP, Status.PLACED, Status.ALUMNI})
# The statuses mentoring moves a candidate between (``candidate_set_status``).
MENTORING_STATUSES = frozenset(
    {Status.ELIGIBLE, Status.IN_MENTORSHIP, Status.PLACED, Status.ALUMNI}
)

AWAY_STATUSES = frozenset({Status.PAUSED, Status.WITHDRAWN})

INELIGIBLE_RETENTION_MONTHS = 3
INACTIVE_RETENTION_MONTHS = 24
PURGE_BATCH = 500
EXPORT_LOG_BATCH = 2000
# An ineligible file must keep a reason (a database constraint); once anonymised it says this.
ANONYMISED_REASON = "—"


class CandidateError(Exception):
    """A change the file's current state does not allow; the message is meant for the user."""


class IncompleteFile(CandidateError):
    def __init__(self, missing: dict[str, list[str]]):
        self.missing = missing
        items = [item for values in missing.values() for item in values]
        super().__init__(
            _("Your file is not complete yet. Still missing: %(items)s.")
            % {"items": ", ".join(str(item) for item in items)}
        )


# --- helpers --------------------------------------------------------------------------------


def _lock(candidate: Candidate) -> Candidate:
    """The candidate's row, fresh from the database and locked until the transaction ends."""
    return (
        Candidate.objects.select_for_update(of=("self",))
        .select_related("user", "department__region")
        .get(pk=candidate.pk)
    )


def _ensure_live(candidate: Candidate) -> None:
    """An anonymised file is kept for statistics only: nobody changes or decides it any more."""
    if candidate.anonymised_at is not None:
        raise CandidateError(_("This file has been anonymised."))


def _move(
    candidate: Candidate, to_status: str, *, by: User | None, at: datetime.datetime, note: str = ""
) -> StatusChange:
    """Set the status and write its history row; the caller saves the candidate."""
    change = StatusChange.objects.create(
        candidate=candidate,
        from_status=candidate.status,
        to_status=to_status,
        at=at,
        by=by,
        note=note,
    )
    candidate.status = to_status
    if to_status == Status.SUBMITTED:
        candidate.awaiting_decision_since = at
    if to_status == Status.ELIGIBLE:
        # Found eligible, back after an interrupted mentorship, or resumed after a pause: the
        # wait for a mentor (the promise, the queue, the time to match) counts from now.
        candidate.queued_at = at
    return change


def _delete_file(name: str) -> None:
    try:
        default_storage.delete(name)
    except OSError:
        logger.warning("Could not delete the stored document %s.", name, exc_info=True)


def _review_url(candidate: Candidate) -> str:
    return reverse("admin:candidates_candidate_decide", args=[candidate.pk])


def _tell_staff(candidate: Candidate, change: StatusChange, *, reopened: bool) -> None:
    """An in-app message to the region's staff: a file waits for them (no personal data)."""
    if candidate.region_id is None:
        return
    notifications.notify_many(
        recipients=notifications.staff_of_region(candidate.region_id),
        kind="candidate_to_review",
        context={"department": candidate.department, "reopened": reopened},
        about=candidate,
        url=_review_url(candidate),
        dedup_prefix=f"candidate:{candidate.pk}:review:{change.pk}",
    )


def awaits_decision(candidate: Candidate) -> bool:
    """Whether staff can decide on the file now (what ``candidate_decide`` accepts)."""
    return candidate.anonymised_at is None and candidate.status in DECIDABLE


def decision_revisable(candidate: Candidate) -> bool:
    """Whether staff can revise the file's decision now (what ``candidate_revise_decision``
    accepts)."""
    return candidate.anonymised_at is None and candidate.status in REVISABLE


def months_before(moment: datetime.datetime, months: int) -> datetime.datetime:
    """The same day and time ``months`` calendar months earlier (31 May - 3 → 28/29 Feb)."""
    year, month_index = divmod(moment.month - 1 - months, 12)
    year += moment.year
    month = month_index + 1
    day = min(moment.day, calendar.monthrange(year, month)[1])
    return moment.replace(year=year, month=month, day=day)


# --- the candidate's own changes ------------------------------------------------------------


@transaction.atomic
def candidate_register(*, user: User, first_name: str, last_name: str) -> Candidate:
    """Make ``user`` a candidate with a draft file, recording their consent to the notice."""
    if Candidate.objects.filter(user=user).exists():
        raise CandidateError(_("This account already has an application."))
    user.first_name = first_name
    user.last_name = last_name
    user.save(update_fields=["first_name", "last_name"])
    now = timezone.now()
    candidate = Candidate.objects.create(
        user=user,
        status=Status.DRAFT,
        consent_at=now,
        consent_version=settings.PRIVACY_POLICY_VERSION,
        created_at=now,
        last_activity_at=now,
    )
    StatusChange.objects.create(
        candidate=candidate, from_status="", to_status=Status.DRAFT, at=now, by=user
    )
    return candidate


def candidate_update_profile(
    *,
    candidate: Candidate,
    by: User,
    fields: dict[str, Any] | None = None,
    user_fields: dict[str, str] | None = None,
    documents: dict[str, CheckedUpload] | None = None,
    remove_documents: Iterable[str] = (),
) -> Candidate:
    """Save one step of the file: fields, the account's names, new or removed documents.

    Changing eligibility data (birth date, postcode, diploma level, social criteria or their
    proofs) after an eligible or ineligible decision sends the file back to staff.
    Files stored before a failure are removed again, so nothing is left half-written.
    """
    stored: list[str] = []
    try:
        return _update_profile(
            candidate=candidate,
            by=by,
            fields=dict(fields or {}),
            user_fields=dict(user_fields or {}),
            documents=dict(documents or {}),
            remove_documents=set(remove_documents),
            stored=stored,
        )
    except BaseException:
        for name in stored:
            _delete_file(name)
        raise


@transaction.atomic
def _update_profile(
    *,
    candidate: Candidate,
    by: User,
    fields: dict[str, Any],
    user_fields: dict[str, str],
    documents: dict[str, CheckedUpload],
    remove_documents: set[str],
    stored: list[str],
) -> Candidate:
    locked = _lock(candidate)
    _ensure_live(locked)
    many_to_many = {
        name: fields.pop(name)
        for name in list(fields)
        if Candidate._meta.get_field(name).many_to_many
    }
    changed = {name for name, value in fields.items() if getattr(locked, name) != value}
    existing_kinds = set(locked.documents.values_list("kind", flat=True))
    removed = remove_documents & existing_kinds
    eligibility_changed = bool(
        changed & set(steps.ELIGIBILITY_FIELDS)
        or set(documents) & steps.ELIGIBILITY_DOCUMENTS
        or removed & steps.ELIGIBILITY_DOCUMENTS
    )
    if eligibility_changed and locked.status in ELIGIBILITY_LOCKED:
        raise CandidateError(
            _(
                "Your eligibility information can no longer be changed online once your "
                "mentorship has started: please write to your regional team."
            )
        )

    now = timezone.now()
    for name, value in fields.items():
        setattr(locked, name, value)
    locked.last_activity_at = now
    change = None
    if eligibility_changed and locked.status in REOPENED_BY_EDIT:
        change = _move(
            locked,
            Status.SUBMITTED,
            by=by,
            at=now,
            note=_("Eligibility information updated by the candidate."),
        )
        locked.decision_reason = ""
        locked.requested_document = ""
        locked.validated_at = None
    locked.save()
    if "department" in changed:
        candidate_moved(locked)
    for name, values in many_to_many.items():
        getattr(locked, name).set(values)

    if user_fields:
        user = locked.user
        for name, value in user_fields.items():
            setattr(user, name, value)
        user.save(update_fields=list(user_fields))

    for upload in documents.values():
        _store_document(locked, upload, stored=stored, at=now)
    if removed:
        for document in locked.documents.filter(kind__in=removed):
            transaction.on_commit(partial(_delete_file, document.file.name))
            document.delete()
    if change is not None:
        _tell_staff(locked, change, reopened=True)
    return locked


def candidate_moved(candidate: Candidate) -> None:
    """The candidate's department changed (saved, in the current transaction): the apps that
    keep a copy of the candidate's region follow (``nqt.core.moves``)."""
    moves.candidate_moved(candidate_id=candidate.pk, department_id=candidate.department_id)


def _store_document(
    candidate: Candidate, upload: CheckedUpload, *, stored: list[str], at: datetime.datetime
) -> Document:
    """Store a checked upload under a server-made name, replacing the document of its kind."""
    document = candidate.documents.filter(kind=upload.kind).first()
    previous = document.file.name if document else None
    if document is None:
        document = Document(candidate=candidate, kind=upload.kind)
    upload.file.seek(0)
    document.file.save(upload.storage_name(), upload.file, save=False)
    stored.append(document.file.name)
    document.original_name = upload.original_name
    document.content_type = upload.content_type
    document.size = upload.size
    document.uploaded_at = at
    document.save()
    if previous:
        transaction.on_commit(partial(_delete_file, previous))
    return document


@transaction.atomic
def candidate_submit(*, candidate: Candidate, by: User) -> Candidate:
    """Send the complete file to staff; the candidate gets a confirmation (e-mail and in-app)."""
    locked = _lock(candidate)
    _ensure_live(locked)
    if locked.status not in SUBMITTABLE:
        raise CandidateError(_("Your file has already been sent to the regional team."))
    missing = steps.missing_items(locked)
    if not steps.is_complete(missing):
        raise IncompleteFile(missing)
    now = timezone.now()
    resubmission = locked.status == Status.INCOMPLETE
    if locked.submitted_at is None:
        locked.submitted_at = now
    change = _move(locked, Status.SUBMITTED, by=by, at=now)
    locked.requested_document = ""
    locked.last_activity_at = now
    locked.save()
    notifications.notify(
        recipient=locked.user,
        kind="candidate_submitted",
        context={"candidate": locked, "resubmission": resubmission},
        about=locked,
        url=reverse("my_space"),
        dedup_key=f"candidate:{locked.pk}:submitted:{change.pk}",
    )
    _tell_staff(locked, change, reopened=resubmission)
    return locked


# --- staff ----------------------------------------------------------------------------------


@transaction.atomic
def candidate_decide(
    *,
    candidate: Candidate,
    decided_by: User,
    decision: str,
    reason: str = "",
    requested_document: str = "",
) -> Candidate:
    """Record a staff decision on a submitted file and tell the candidate after commit.

    ``decision`` is eligible, ineligible (``reason`` required, shown to the candidate) or
    incomplete (``requested_document`` required, ``reason`` an optional note to them).
    """
    reason = (reason or "").strip()
    if decision not in DECISIONS:
        raise CandidateError(_("Unknown decision."))
    if decision == Status.INELIGIBLE and not reason:
        raise CandidateError(_("Give the reason for ineligibility: the candidate will read it."))
    _check_requested_document(decision, requested_document)
    locked = _lock_for_decision(candidate, staff=decided_by)
    if locked.status not in DECIDABLE:
        raise CandidateError(
            _("This file cannot be decided on in its current status (%(status)s).")
            % {"status": locked.get_status_display()}
        )
    return _record_decision(
        locked,
        decided_by=decided_by,
        decision=decision,
        reason=reason,
        requested_document=requested_document,
    )


@transaction.atomic
def candidate_revise_decision(
    *,
    candidate: Candidate,
    revised_by: User,
    decision: str,
    note: str,
    requested_document: str = "",
) -> Candidate:
    """Revise a refusal: a file found ineligible becomes eligible, or incomplete (a document is
    asked for), and the candidate is told after commit.

    ``note`` (required) says why; it replaces the refusal's reason on the file, which stays in
    the history. The file is no longer purged as ineligible. Only a refusal can be revised:
    an eligible file may already be in mentoring's hands.
    """
    note = (note or "").strip()
    if decision not in REVISIONS:
        raise CandidateError(_("A refusal can only be revised to eligible or incomplete."))
    if not note:
        raise CandidateError(_("Explain why the decision is revised."))
    _check_requested_document(decision, requested_document)
    locked = _lock_for_decision(candidate, staff=revised_by)
    if locked.status not in REVISABLE:
        raise CandidateError(
            _("Only a decision of ineligibility can be revised (this file's status: %(status)s).")
            % {"status": locked.get_status_display()}
        )
    return _record_decision(
        locked,
        decided_by=revised_by,
        decision=decision,
        reason=note,
        requested_document=requested_document,
        revised=True,
    )


def _check_requested_document(decision: str, requested_document: str) -> None:
    if decision == Status.INCOMPLETE and requested_document not in DocumentKind.values:
        raise CandidateError(_("Say which document is missing."))


def _lock_for_decision(candidate: Candidate, *, staff: User) -> Candidate:
    """The locked row, once ``staff`` may decide on it (their region; admins: all)."""
    locked = _lock(candidate)
    if not manages_region(staff, locked.region_id, perm="candidates.change_candidate"):
        raise PermissionDenied
    _ensure_live(locked)
    return locked


def _record_decision(
    locked: Candidate,
    *,
    decided_by: User,
    decision: str,
    reason: str,
    requested_document: str,
    revised: bool = False,
) -> Candidate:
    """Write a decision on the locked row, its history row and the candidate's message.

    The 3-month purge of refused files reads the status and ``decided_at``: both move here.
    """
    now = timezone.now()
    locked.decided_at = now
    locked.decided_by = decided_by
    locked.decision_reason = reason
    locked.requested_document = requested_document if decision == Status.INCOMPLETE else ""
    locked.validated_at = now if decision == Status.ELIGIBLE else None
    change = _move(locked, decision, by=decided_by, at=now, note=reason)
    locked.save()
    notifications.notify(
        recipient=locked.user,
        kind="candidate_decision",
        context={
            "candidate": locked,
            "decision": decision,
            "revised": revised,
            "reason": reason,
            "requested_document": (
                DocumentKind(locked.requested_document).label if locked.requested_document else ""
            ),
            "other_services": eligibility.OTHER_SERVICES,
            "promise_days": settings.MATCHING_PROMISE_DAYS,
        },
        about=locked,
        url=reverse("my_space"),
        dedup_key=f"candidate:{locked.pk}:decision:{change.pk}",
    )
    return locked


@transaction.atomic
def candidate_set_status(
    *, candidate: Candidate, status: str, by: User | None, note: str = ""
) -> Candidate:
    """Move a validated candidate along the mentoring part of the lifecycle.

    For mentoring's services (a mentorship starts, a job is found, a mentorship is interrupted):
    eligible, in mentorship, placed and alumni only; candidates never import mentoring.
    """
    locked = _lock(candidate)
    if status not in MENTORING_STATUSES or locked.status not in MENTORING_STATUSES:
        raise CandidateError(
            _("A candidate cannot go from %(current)s to %(new)s.")
            % {"current": locked.get_status_display(), "new": Status(status).label}
        )
    if locked.status == status:
        return locked
    _move(locked, status, by=by, at=timezone.now(), note=note)
    locked.save(update_fields=["status", "queued_at", "updated_at"])
    return locked


# --- The candidate steps back: a pause, a withdrawal, a resumption ------------------------


def step_back_refusal(candidate: Candidate, status: str) -> str | None:
    """Why the candidate cannot move their file to ``status`` (paused or withdrawn) now, as
    a sentence for them; None when they can. The pages show it instead of the form."""
    allowed = PAUSABLE if status == Status.PAUSED else WITHDRAWABLE
    if candidate.status in allowed:
        return None
    if candidate.status == Status.IN_MENTORSHIP:
        return _(
            "You are accompanied by a mentor: end the mentorship first, with your mentor or "
            "from the mentorship page, then come back here if you wish to withdraw."
        )
    if candidate.status == Status.PAUSED:
        return _("Your application is already paused.")
    if candidate.status == Status.WITHDRAWN:
        return _("You have withdrawn your application.")
    if candidate.status == Status.DRAFT:
        return _("Your file is not sent yet: there is nothing to pause.")
    return _("Your application is no longer waiting: there is nothing to pause or withdraw.")


@transaction.atomic
def candidate_step_back(
    *, candidate: Candidate, by: User, status: str, reason: str, note: str = ""
) -> Candidate:
    """The candidate pauses (``Status.PAUSED``) or withdraws (``Status.WITHDRAWN``) their file,
    with a reason: it leaves every queue (each reads the statuses it serves). Only the
    candidate does this, and not during a mentorship. Mentoring's service
    (``mentoring.services.applications``) calls this, then withdraws the pending proposals."""
    locked = _lock(candidate)
    _ensure_live(locked)
    if by.pk != locked.user_id:
        raise PermissionDenied
    if status not in AWAY_STATUSES:
        raise CandidateError(_("Unknown change."))
    refusal = step_back_refusal(locked, status)
    if refusal:
        raise CandidateError(refusal)
    note = note.strip()
    if reason not in Candidate.AwayReason.values:
        raise ValidationError({"reason": [_("Choose a reason.")]})
    if reason == Candidate.AwayReason.OTHER and not note:
        raise ValidationError({"note": [_("Tell us in a few words why.")]})
    now = timezone.now()
    label = str(Candidate.AwayReason(reason).label)
    _move(locked, status, by=by, at=now, note=f"{label} – {note}" if note else label)
    locked.away_reason, locked.away_note, locked.away_since = reason, note, now
    locked.last_activity_at = now
    locked.save()
    return locked


@transaction.atomic
def candidate_resume(*, candidate: Candidate, by: User) -> Candidate:
    """The candidate resumes a paused file: it goes back where it was (with staff, or in the
    matching queue, whose wait then counts from now: ``_move`` sets ``queued_at``)."""
    locked = _lock(candidate)
    _ensure_live(locked)
    if by.pk != locked.user_id:
        raise PermissionDenied
    if locked.status != Status.PAUSED:
        raise CandidateError(_("Only a paused application can be resumed."))
    paused = locked.history.filter(to_status=Status.PAUSED).order_by("at", "pk").last()
    back_to = paused.from_status if paused and paused.from_status in PAUSABLE else Status.ELIGIBLE
    now = timezone.now()
    _move(locked, back_to, by=by, at=now, note=_("Application resumed"))
    locked.away_reason, locked.away_note, locked.away_since = "", "", None
    locked.last_activity_at = now
    locked.save()
    return locked


def log_sensitive_access(
    *, staff: User, candidate: Candidate, what: str, detail: str = ""
) -> SensitiveAccess | None:
    """Record that a staff member read a candidate's sensitive data (the owner is not logged)."""
    if staff.pk == candidate.user_id:
        return None
    return SensitiveAccess.objects.create(
        staff=staff, candidate=candidate, what=what, detail=detail[:100]
    )


@transaction.atomic
def log_sensitive_export(*, staff: User, candidates: QuerySet[Candidate], detail: str) -> int:
    """Record that a staff member exported the sensitive data of ``candidates``: one access
    row per candidate (as ``log_sensitive_access``, the staff member's own file is not
    logged), written in batches. Returns how many rows were written."""
    now = timezone.now()
    ids = candidates.exclude(user=staff).order_by().values_list("pk", flat=True)
    written = 0
    batch: list[SensitiveAccess] = []
    for candidate_id in ids.iterator(chunk_size=EXPORT_LOG_BATCH):
        batch.append(
            SensitiveAccess(
                staff=staff,
                candidate_id=candidate_id,
                what=SensitiveAccess.What.EXPORT,
                detail=detail[:100],
                at=now,
            )
        )
        if len(batch) == EXPORT_LOG_BATCH:
            written += len(SensitiveAccess.objects.bulk_create(batch))
            batch = []
    if batch:
        written += len(SensitiveAccess.objects.bulk_create(batch))
    return written


def sensitive_access_purge(*, now: datetime.datetime | None = None) -> int:
    """Delete access-log rows older than their 12-month retention."""
    now = now or timezone.now()
    cutoff = now - datetime.timedelta(days=SensitiveAccess.RETENTION_DAYS)
    deleted, _per_model = SensitiveAccess.objects.filter(at__lt=cutoff).delete()
    return deleted


# --- privacy --------------------------------------------------------------------------------


def candidate_erase(user: User) -> None:
    """The candidates part of a person's erasure (``nqt.core.privacy.erase_user``).

    Identity, contact details, free text and documents go; the status, dates, diploma level,
    department and social-criteria flags stay for anonymous statistics. Running it twice is
    harmless.
    """
    candidate = Candidate.objects.select_for_update().filter(user=user).first()
    if candidate is None:
        return
    if candidate.anonymised_at is None:
        # The staff's notifications and the admin's history about the file name the person.
        privacy.forget_in_notifications(user, scope=privacy.about_q([candidate]))
        privacy.forget_in_admin_log(
            user, [candidate, *candidate.documents.all(), *candidate.history.all()]
        )
    for document in candidate.documents.all():
        transaction.on_commit(partial(_delete_file, document.file.name))
        document.delete()
    if candidate.anonymised_at is not None:
        return
    candidate.birth_date = None
    candidate.phone = ""
    candidate.postcode = ""
    candidate.city = ""
    candidate.diploma_title = ""
    candidate.school = ""
    candidate.target_job = ""
    candidate.business_project = ""
    candidate.linkedin_url = ""
    candidate.qpv_name = ""
    if candidate.decision_reason:
        candidate.decision_reason = ANONYMISED_REASON
    candidate.anonymised_at = timezone.now()
    candidate.save()
    candidate.history.exclude(note="").update(note="")


def expired_candidate_ids(*, now: datetime.datetime | None = None) -> list[int]:
    """Files past retention (DESIGN §10): ineligible for 3 months, or inactive for 2 years.

    A candidate in a mentorship is kept while it lasts; the account's last sign-in counts as
    activity.
    """
    now = now or timezone.now()
    not_anonymised = Candidate.objects.live()
    ineligible = not_anonymised.filter(
        status=Status.INELIGIBLE,
        decided_at__lte=months_before(now, INELIGIBLE_RETENTION_MONTHS),
    )
    inactive = (
        not_anonymised.exclude(status=Status.IN_MENTORSHIP)
        .annotate(
            active_at=Greatest(
                F("last_activity_at"), Coalesce(F("user__last_login"), F("last_activity_at"))
            )
        )
        .filter(active_at__lte=months_before(now, INACTIVE_RETENTION_MONTHS))
    )
    ids = list(ineligible.values_list("pk", flat=True)[:PURGE_BATCH])
    ids += list(inactive.exclude(pk__in=ids).values_list("pk", flat=True)[:PURGE_BATCH])
    return sorted(ids)


def candidate_purge_expired(*, now: datetime.datetime | None = None) -> int:
    """Anonymise the files past retention through the same code path as account deletion."""
    count = 0
    for candidate in Candidate.objects.filter(pk__in=expired_candidate_ids(now=now)).select_related(
        "user"
    ):
        privacy.erase_user(candidate.user)
        count += 1
    return count
