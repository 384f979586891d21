"""factory_boy factories for every model, in one place."""

from __future__ import annotations

import datetime

import factory
from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group
from django.db.models import Max
from django.utils import timezone
from factory.django import DjangoModelFactory, Password
from stdnum import luhn

from candidates.models import Candidate, Document, SensitiveAccess, StatusChange
from companies.models import Company, CompanyContact, Invitation
from mentoring.models import (
    Introduction,
    Meeting,
    Mentor,
    Mentorship,
    Message,
    Outcome,
    PlannedMeeting,
)
from nqt.core.models import Department, JobFamily, Language, Notification, Region, Sector, User
from nqt.core.staff import REGIONAL_STAFF_GROUP

PASSWORD = "correct-horse-battery-staple"


def region(slug: str = "grand-est") -> Region:
    return Region.objects.get(slug=slug)


def department(code: str = "67") -> Department:
    return Department.objects.get(code=code)


def sector(code: str = "it-digital") -> Sector:
    return Sector.objects.get(code=code)


def job_family(code: str = "it") -> JobFamily:
    return JobFamily.objects.get(code=code)


def language(code: str = "fr") -> Language:
    return Language.objects.get(code=code)


def days_from_today(days: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=days)


def valid_siren(n: int) -> str:
    body = f"{(n * 7919 + 12345678) % 100_000_000:08d}"
    return body + luhn.calc_check_digit(body)


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    first_name = factory.Faker("first_name", locale="fr_FR")
    last_name = factory.Faker("last_name", locale="fr_FR")
    password = Password(PASSWORD)

    @factory.post_generation
    def verified(obj, create, extracted, **kwargs):
        """Give the user a verified address so allauth lets them sign in (pass False not to)."""
        if create and extracted is not False:
            EmailAddress.objects.create(user=obj, email=obj.email, verified=True, primary=True)


class StaffFactory(UserFactory):
    """Regional staff: managed regions given as ``regions=[...]`` (Grand Est by default), in
    the regional staff group, which holds their permissions (``group=False`` for a staff
    account in no group, ``group=<Group>`` for another one)."""

    is_staff = True

    @factory.post_generation
    def regions(obj, create, extracted, **kwargs):
        if not create:
            return
        obj.managed_regions.set(extracted if extracted is not None else [region()])

    @factory.post_generation
    def group(obj, create, extracted, **kwargs):
        if not create or extracted is False:
            return
        obj.groups.add(extracted or Group.objects.get(name=REGIONAL_STAFF_GROUP))


def staff_group_without(*codenames: str, name: str = "Équipe restreinte") -> Group:
    """A custom staff group: the regional staff's permissions but ``codenames``."""
    regional = Group.objects.get(name=REGIONAL_STAFF_GROUP)
    group = Group.objects.create(name=name)
    group.permissions.set(regional.permissions.exclude(codename__in=codenames))
    return group


class NationalAdminFactory(UserFactory):
    is_staff = True
    is_superuser = True


class CandidateFactory(DjangoModelFactory):
    """A complete, submitted file in the Bas-Rhin (Grand Est) by default."""

    class Meta:
        model = Candidate
        skip_postgeneration_save = True

    user = factory.SubFactory(UserFactory)
    status = Candidate.Status.SUBMITTED
    birth_date = factory.LazyFunction(
        lambda: timezone.localdate() - datetime.timedelta(days=25 * 365)
    )
    phone = "+33612345678"
    postcode = "67000"
    city = "Strasbourg"
    department = factory.LazyFunction(department)
    diploma_level = 5
    diploma_title = "Master Finance d'entreprise"
    field_of_study = factory.LazyFunction(lambda: job_family("finance"))
    school = "Université de Strasbourg"
    graduation_year = 2025
    project_type = Candidate.ProjectType.JOB
    target_job_family = factory.LazyFunction(lambda: job_family("finance"))
    target_job = "Contrôleur de gestion"
    mobility = Candidate.Mobility.REGION
    qpv = True
    qpv_name = "Neuhof"
    consent_at = factory.LazyFunction(timezone.now)
    consent_version = "2026-11"
    submitted_at = factory.LazyFunction(timezone.now)

    @factory.post_generation
    def sectors(obj, create, extracted, **kwargs):
        if create:
            obj.target_sectors.set(
                extracted if extracted is not None else [sector("banking-insurance")]
            )


class EligibleCandidateFactory(CandidateFactory):
    status = Candidate.Status.ELIGIBLE
    decided_at = factory.LazyFunction(timezone.now)
    validated_at = factory.LazyFunction(timezone.now)
    # In the matching queue since the validation (as candidates.services sets it).
    queued_at = factory.LazyAttribute(lambda candidate: candidate.validated_at)


class IneligibleCandidateFactory(CandidateFactory):
    """A file found ineligible a week ago (purged 3 months after the decision)."""

    status = Candidate.Status.INELIGIBLE
    decision_reason = "Diplôme de niveau Bac+2."
    decided_at = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(days=7))


class DocumentFactory(DjangoModelFactory):
    class Meta:
        model = Document

    candidate = factory.SubFactory(CandidateFactory)
    kind = Document.Kind.CV
    file = factory.django.FileField(filename="cv.pdf", data=b"%PDF-1.4\n%test\n")
    original_name = "cv.pdf"
    content_type = "application/pdf"
    size = 15


class StatusChangeFactory(DjangoModelFactory):
    class Meta:
        model = StatusChange

    candidate = factory.SubFactory(CandidateFactory)
    from_status = Candidate.Status.DRAFT
    to_status = Candidate.Status.SUBMITTED


class CompanyFactory(DjangoModelFactory):
    class Meta:
        model = Company

    name = factory.Faker("company", locale="fr_FR")
    siren = factory.Sequence(valid_siren)
    sector = factory.LazyFunction(sector)
    size = Company.Size.LARGE
    region = factory.LazyFunction(region)
    partnership_status = Company.Partnership.ACTIVE
    agreement_start = factory.LazyFunction(
        lambda: timezone.localdate() - datetime.timedelta(days=365)
    )
    agreement_end = factory.LazyFunction(
        lambda: timezone.localdate() + datetime.timedelta(days=365)
    )


class CompanyContactFactory(DjangoModelFactory):
    class Meta:
        model = CompanyContact

    user = factory.SubFactory(UserFactory)
    company = factory.SubFactory(CompanyFactory)
    role = CompanyContact.Role.HR
    job_title = "Responsable RSE"


class InvitationFactory(DjangoModelFactory):
    class Meta:
        model = Invitation

    company = factory.SubFactory(CompanyFactory)
    kind = Invitation.Kind.MENTOR
    email = factory.Sequence(lambda n: f"invitee{n}@example.org")
    token_hash = factory.Sequence(lambda n: f"{n:064x}")
    expires_at = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=14))


def invitation_with_token(**kwargs) -> tuple[Invitation, str]:
    """An invitation whose link token is known to the test (only its hash is stored)."""
    from companies.tokens import new_token

    token, token_hash = new_token()
    return InvitationFactory(token_hash=token_hash, **kwargs), token


class MentorFactory(DjangoModelFactory):
    """An active mentor of a Grand Est company, serving the Bas-Rhin."""

    class Meta:
        model = Mentor
        skip_postgeneration_save = True

    user = factory.SubFactory(UserFactory)
    company = factory.SubFactory(CompanyFactory)
    region = factory.LazyAttribute(lambda mentor: mentor.company.region)
    status = Mentor.Status.ACTIVE
    job_title = "Directrice financière"
    function = factory.LazyFunction(lambda: job_family("finance"))
    years_of_experience = 15
    capacity = 2
    charter_signed_at = factory.LazyFunction(timezone.now)
    activated_at = factory.LazyFunction(timezone.now)

    @factory.post_generation
    def sectors(obj, create, extracted, **kwargs):
        if create:
            obj.sectors.set(extracted if extracted is not None else [sector("banking-insurance")])

    @factory.post_generation
    def departments(obj, create, extracted, **kwargs):
        if create:
            obj.departments.set(extracted if extracted is not None else [department("67")])


class MentorshipFactory(DjangoModelFactory):
    """An active mentorship started a month ago."""

    class Meta:
        model = Mentorship

    candidate = factory.SubFactory(CandidateFactory, status=Candidate.Status.IN_MENTORSHIP)
    mentor = factory.SubFactory(MentorFactory)
    status = Mentorship.Status.ACTIVE
    proposed_at = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(days=35))
    answered_at = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(days=30))
    started_at = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(days=30))
    # The candidate's wait, as the acceptance copies it (the time to match counts from it).
    queued_at = factory.LazyAttribute(
        lambda mentorship: mentorship.candidate.queued_at or mentorship.candidate.validated_at
    )


class MeetingFactory(DjangoModelFactory):
    """A meeting; like the follow-up services, it keeps the mentorship's last meeting date."""

    class Meta:
        model = Meeting
        skip_postgeneration_save = True

    mentorship = factory.SubFactory(MentorshipFactory)
    date = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=7))
    duration_minutes = 60
    mode = Meeting.Mode.VIDEO
    topics = factory.LazyFunction(lambda: [Meeting.Topic.CV])

    @factory.post_generation
    def last_meeting(obj, create, extracted, **kwargs):
        if create:
            latest = Meeting.objects.filter(mentorship=obj.mentorship_id).aggregate(
                latest=Max("date")
            )["latest"]
            Mentorship.objects.filter(pk=obj.mentorship_id).update(last_meeting_on=latest)
            obj.mentorship.last_meeting_on = latest


class MessageFactory(DjangoModelFactory):
    """A message of an active mentorship, written by its candidate unless told otherwise
    (``author=mentorship.mentor.user``)."""

    class Meta:
        model = Message

    mentorship = factory.SubFactory(MentorshipFactory)
    author = factory.LazyAttribute(lambda message: message.mentorship.candidate.user)
    body = factory.Faker("paragraph", locale="fr_FR")


class IntroductionFactory(DjangoModelFactory):
    class Meta:
        model = Introduction

    mentorship = factory.SubFactory(MentorshipFactory)
    contact_company = "Banque du Rhin"
    contact_role = "Responsable du recrutement"


class OutcomeFactory(DjangoModelFactory):
    class Meta:
        model = Outcome

    mentorship = factory.SubFactory(MentorshipFactory)
    contract_type = Outcome.ContractType.CDI
    job_title = "Contrôleur de gestion"
    employer = "Banque du Rhin"
    start_date = factory.LazyFunction(timezone.localdate)
    at_level = True


class NotificationFactory(DjangoModelFactory):
    class Meta:
        model = Notification

    recipient = factory.SubFactory(UserFactory)
    email = factory.LazyAttribute(lambda notification: notification.recipient.email)
    kind = "account"
    title = factory.Sequence(lambda n: f"Message {n}")
    body_text = "Bonjour"


# --- Candidate journey (issue 3) ----------------------------------------------------------


class DraftCandidateFactory(CandidateFactory):
    """A filled-in file not sent yet; add its documents with ``with_documents``."""

    status = Candidate.Status.DRAFT
    submitted_at = None


class NewCandidateFactory(DjangoModelFactory):
    """An account just registered: an empty draft file with the consent recorded."""

    class Meta:
        model = Candidate

    user = factory.SubFactory(UserFactory)
    status = Candidate.Status.DRAFT
    consent_at = factory.LazyFunction(timezone.now)
    consent_version = "2026-11"


def with_documents(candidate: Candidate) -> Candidate:
    """Give ``candidate`` a CV and a proof for each social criterion they declare."""
    DocumentFactory(candidate=candidate, kind=Document.Kind.CV)
    for criterion, kind in [
        ("qpv", Document.Kind.PROOF_QPV),
        ("zrr", Document.Kind.PROOF_ZRR),
        ("boursier", Document.Kind.PROOF_BOURSIER),
        ("rsa", Document.Kind.PROOF_RSA),
    ]:
        if getattr(candidate, criterion):
            DocumentFactory(candidate=candidate, kind=kind, original_name=f"{kind}.pdf")
    return candidate


class SensitiveAccessFactory(DjangoModelFactory):
    class Meta:
        model = SensitiveAccess

    staff = factory.SubFactory(StaffFactory)
    candidate = factory.SubFactory(CandidateFactory)
    what = SensitiveAccess.What.PROFILE


class PlannedMeetingFactory(DjangoModelFactory):
    """A meeting of an active mentorship proposed by its mentor for three days from now, in
    person (``status="accepted"``, ``answered_by=…`` for an accepted one)."""

    class Meta:
        model = PlannedMeeting

    mentorship = factory.SubFactory(MentorshipFactory)
    proposed_by = factory.LazyAttribute(lambda planned: planned.mentorship.mentor.user)
    starts_at = factory.LazyFunction(
        lambda: (timezone.now() + datetime.timedelta(days=3)).replace(
            minute=0, second=0, microsecond=0
        )
    )
    duration_minutes = 60
    mode = Meeting.Mode.IN_PERSON
    place = "Café du Théâtre, Metz"
