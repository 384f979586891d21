"""``seed_demo``: the Grand Est figures of DESIGN §1, consistent rows, idempotent, safe."""

from __future__ import annotations

import io
import itertools
import re

import pytest
from allauth.account.models import EmailAddress
from django.apps import apps
from django.conf import settings
from django.contrib.auth import authenticate
from django.core.files.storage import FileSystemStorage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db.models import Count, F, Q
from django.test import TestCase

from candidates.models import Candidate, Document, StatusChange
from candidates.services import expired_candidate_ids
from candidates.uploads import check_upload
from companies.models import Company
from mentoring.models import Mentor, Mentorship, Outcome
from nqt.core.models import User
from nqt.core.staff import REGIONAL_STAFF_GROUP
from nqt.demo import data as demo

GRAND_EST = "grand-est"


def run_seed(*args: str) -> str:
    out = io.StringIO()
    call_command("seed_demo", *args, stdout=out)
    return out.getvalue()


def cohort_2017():
    return Mentorship.objects.filter(
        started_at__year=2017, candidate__department__region__slug=GRAND_EST
    )


def current_candidates():
    return Candidate.objects.filter(department__region__slug=GRAND_EST).exclude(
        mentorships__started_at__year=2017
    )


class TestSeededDemo(TestCase):
    """One seed for all these checks; each test runs in a savepoint rolled back after it."""

    @classmethod
    def setUpTestData(cls) -> None:
        cls.output = run_seed("--force")

    def test_grand_est_has_56_partner_companies_each_with_a_contact(self):
        companies = Company.objects.filter(region__slug=GRAND_EST)
        assert companies.filter(partnership_status=Company.Partnership.ACTIVE).count() == 56
        assert companies.filter(contacts__isnull=True).count() == 0
        for company in companies.filter(partnership_status=Company.Partnership.ACTIVE):
            assert company.agreement_in_force()

    def test_each_mentorship_knows_its_last_meeting(self):
        from django.db.models import Max

        from mentoring.models import Mentorship

        mismatched = (
            Mentorship.objects.annotate(latest=Max("meetings__date"))
            .exclude(last_meeting_on=F("latest"))
            .exclude(last_meeting_on__isnull=True, latest__isnull=True)
        )
        assert not mismatched.exists()

    def test_grand_est_has_140_active_mentors(self):
        mentors = Mentor.objects.filter(region__slug=GRAND_EST, status=Mentor.Status.ACTIVE)
        assert mentors.count() == 140
        assert not mentors.filter(Q(activated_at__isnull=True) | Q(charter_signed_at__isnull=True))
        assert not mentors.filter(years_of_experience__lt=Mentor.MIN_YEARS_OF_EXPERIENCE)
        assert not mentors.exclude(company__partnership_status=Company.Partnership.ACTIVE)
        assert mentors.filter(languages__code="fr").count() == 140
        assert Mentor.objects.filter(status=Mentor.Status.PENDING, activated_at__isnull=True)

    def test_2017_cohort_has_208_mentorships_all_ended(self):
        cohort = cohort_2017()
        assert cohort.count() == 208
        assert not cohort.exclude(status__in=Mentorship.ENDED_STATUSES)
        assert not cohort.filter(ended_at__lt=F("started_at"))
        assert not cohort.exclude(ended_at__year__in=[2017, 2018])
        assert not cohort.exclude(candidate__status__in=[Candidate.Status.PLACED, "alumni"])
        assert cohort.values("candidate").distinct().count() == 208

    def test_71_percent_of_the_2017_cohort_ended_in_a_durable_job_at_level(self):
        ended = cohort_2017().filter(status__in=Mentorship.ENDED_STATUSES)
        durable_at_level = ended.filter(
            outcome__contract_type__in=Outcome.DURABLE_CONTRACTS, outcome__at_level=True
        )
        assert durable_at_level.count() == 148
        assert round(100 * durable_at_level.count() / ended.count()) == 71

    def test_the_2017_cohort_exercises_every_ending_the_kpi_must_not_count(self):
        cohort = cohort_2017()
        interrupted = cohort.filter(status=Mentorship.Status.INTERRUPTED)
        assert interrupted.exists()
        assert not interrupted.filter(end_reason="")
        assert interrupted.filter(outcome__isnull=True).exists()
        assert interrupted.filter(outcome__contract_type=Outcome.ContractType.NONE).exists()
        for contract in ("cdd_short", "interim", "work_study", "further_study"):
            assert cohort.filter(outcome__contract_type=contract).exists(), contract
        assert cohort.filter(
            outcome__contract_type__in=Outcome.DURABLE_CONTRACTS, outcome__at_level=False
        ).exists()
        assert cohort.filter(outcome__contract_type=Outcome.ContractType.CDD_SHORT).filter(
            outcome__at_level=True
        )
        assert not cohort.filter(
            status=Mentorship.Status.COMPLETED,
            outcome__contract_type__in=Outcome.DURABLE_CONTRACTS,
        ).exclude(end_reason=Mentorship.EndReason.JOB_FOUND)

    def test_2017_candidates_were_eligible_when_they_applied(self):
        candidates = Candidate.objects.filter(mentorships__started_at__year=2017)
        assert not candidates.filter(submitted_at__year__lt=2016)
        assert not candidates.filter(validated_at__year__gt=2017)
        assert not candidates.filter(qpv=False, zrr=False, boursier=False, rsa=False)
        assert not candidates.filter(diploma_level__lt=3)
        assert not candidates.filter(diploma_level__isnull=True)
        for candidate in candidates.annotate(meetings=Count("mentorships__meetings")):
            assert 1 <= candidate.meetings <= 8
            submitted_on = candidate.submitted_at.date()
            age = submitted_on.year - candidate.birth_date.year
            if (submitted_on.month, submitted_on.day) < (
                candidate.birth_date.month,
                candidate.birth_date.day,
            ):
                age -= 1
            assert age < 30

    def test_current_candidates_cover_every_status(self):
        candidates = current_candidates()
        assert candidates.count() >= 300
        statuses = set(candidates.values_list("status", flat=True))
        assert statuses == set(Candidate.Status.values)

    def test_candidate_fields_match_their_status(self):
        candidates = current_candidates()
        status = Candidate.Status
        assert not candidates.exclude(status=status.DRAFT).filter(submitted_at__isnull=True)
        ineligible = candidates.filter(status=status.INELIGIBLE)
        assert not ineligible.filter(Q(decision_reason="") | Q(decided_at__isnull=True))
        assert not candidates.filter(status=status.INCOMPLETE, requested_document="")
        assert not candidates.filter(
            status__in=[status.ELIGIBLE, status.IN_MENTORSHIP, status.PLACED, status.ALUMNI],
            validated_at__isnull=True,
        )
        in_mentorship = candidates.filter(status=status.IN_MENTORSHIP)
        assert in_mentorship.filter(mentorships__status="active").count() == in_mentorship.count()
        assert not Mentorship.objects.filter(status="active").exclude(
            candidate__status=status.IN_MENTORSHIP
        )
        # Placed: a mentorship ended with an outcome.
        assert not candidates.filter(status=status.PLACED).exclude(
            mentorships__outcome__isnull=False
        )

    def test_every_candidate_history_ends_at_their_status(self):
        for candidate in Candidate.objects.prefetch_related("history"):
            history = list(candidate.history.all())
            assert history[0].from_status == ""
            assert history[-1].to_status == candidate.status
            for before, after in itertools.pairwise(history):
                assert before.to_status == after.from_status
                assert before.at <= after.at
        assert StatusChange.objects.count() > Candidate.objects.count()

    def test_no_mentor_is_over_capacity(self):
        loads = Mentor.objects.annotate(
            active=Count("mentorships", filter=Q(mentorships__status=Mentorship.Status.ACTIVE))
        )
        assert not loads.filter(active__gt=F("capacity"))
        assert loads.filter(active__gt=0).count() > 50
        assert not Mentorship.objects.filter(
            status=Mentorship.Status.ACTIVE, mentor__status=Mentor.Status.PENDING
        )

    def test_files_in_review_have_documents_that_pass_the_upload_checks(self):
        """Staff can show proof review without uploading anything: each file waiting for a
        decision has its CV and a proof per declared criterion, real PDF or PNG files that the
        application's content checks accept, stored in the private storage."""
        # Seeded once for the class, before each test's private media folder is set up: the
        # files are in the storage of the settings themselves.
        storage = FileSystemStorage(location=settings.PRIVATE_MEDIA_ROOT)
        in_review = current_candidates().filter(status=Candidate.Status.SUBMITTED)
        assert in_review.count() >= 10
        for candidate in in_review.prefetch_related("documents"):
            kinds = {document.kind: document for document in candidate.documents.all()}
            expected = {Document.Kind.CV} | {
                kind
                for kind, declared in (
                    (Document.Kind.PROOF_QPV, candidate.qpv),
                    (Document.Kind.PROOF_ZRR, candidate.zrr),
                    (Document.Kind.PROOF_BOURSIER, candidate.boursier),
                    (Document.Kind.PROOF_RSA, candidate.rsa),
                )
                if declared
            }
            assert set(kinds) == expected, candidate.pk
            for document in kinds.values():
                with storage.open(document.file.name, "rb") as stored:
                    content = stored.read()
                upload = SimpleUploadedFile(document.original_name, content)
                checked = check_upload(upload, kind=document.kind)
                assert checked.content_type == document.content_type
                assert document.size == len(content)

    def test_only_the_2017_cohort_is_past_its_retention(self):
        """The current files respect DESIGN §10's retention (a refusal is kept 3 months, an
        inactive file 2 years): the daily purge, which `make run` runs once after seeding,
        anonymises only the records of 2017, keeping their figures."""
        expired = Candidate.objects.filter(pk__in=expired_candidate_ids())
        assert not expired.exclude(mentorships__started_at__year=2017)
        assert not Candidate.objects.filter(
            status=Candidate.Status.INELIGIBLE, pk__in=expired_candidate_ids()
        )

    def test_scores_come_with_their_criteria_and_proposals_read_as_french(self):
        scored = Mentorship.objects.exclude(score=None)
        assert scored.exists()
        for mentorship in scored:
            points = mentorship.score_details["points"]
            assert set(points) >= {"sector", "function", "geography"}
            assert abs(sum(points.values()) - mentorship.score) <= 0.51  # rounded to a point
        messages = Mentorship.objects.exclude(message="").values_list("message", flat=True)
        assert not [m for m in messages if re.search(r"\bde [AEIOUÉÈÎaeiouéèî]", m)]
        # A job title mid-sentence loses its capital (acronyms keep theirs: "d'UX designer").
        assert not [m for m in messages if re.search(r"poste d(e |')[A-ZÉ][a-zé]", m)]

    def test_seeded_rows_pass_model_validation(self):
        for company in Company.objects.all():
            company.full_clean()
        for model in (Mentor, Candidate, Mentorship):
            for obj in model.objects.order_by("pk")[::25]:
                obj.full_clean()

    def test_second_run_changes_nothing(self):
        counts = {model: model.objects.count() for model in apps.get_models()}

        output = run_seed("--force")

        assert "already loaded" in output
        assert {model: model.objects.count() for model in apps.get_models()} == counts

    def test_demo_logins_can_sign_in(self):
        for login in demo.DEMO_LOGINS:
            user = authenticate(email=login.email, password=demo.DEMO_PASSWORD)
            assert user is not None, login.role
            assert EmailAddress.objects.filter(user=user, verified=True, primary=True).exists()

    def test_demo_logins_hold_their_roles(self):
        users = {login.role: User.objects.get(email=login.email) for login in demo.DEMO_LOGINS}
        assert users["Candidate"].candidate.status == Candidate.Status.IN_MENTORSHIP
        mentor = users["Mentor"].mentor
        assert mentor.status == Mentor.Status.ACTIVE
        assert mentor.mentorships.filter(status=Mentorship.Status.ACTIVE).get().candidate == (
            users["Candidate"].candidate
        )
        assert users["Company contact"].company_contact.company == mentor.company
        staff = users["Regional staff (Grand Est)"]
        assert staff.is_staff
        assert not staff.is_superuser
        assert list(staff.managed_regions.values_list("slug", flat=True)) == [GRAND_EST]
        assert staff.groups.filter(name=REGIONAL_STAFF_GROUP).exists()
        admin = users["National admin"]
        assert admin.is_staff
        assert admin.is_superuser
        assert not User.objects.exclude(email__endswith="@demo.example.org")

    def test_output_lists_the_five_demo_logins(self):
        for role, email in [
            ("Candidate", "candidat@demo.example.org"),
            ("Mentor", "parrain@demo.example.org"),
            ("Company contact", "entreprise@demo.example.org"),
            ("Regional staff (Grand Est)", "staff-grand-est@demo.example.org"),
            ("National admin", "admin@demo.example.org"),
        ]:
            assert f"{role}: {email} / {demo.DEMO_PASSWORD}" in self.output
        assert "Companies 59/59 (56 active partners)" in self.output


@pytest.mark.django_db
def test_refuses_without_force_when_debug_is_off(settings):
    settings.DEBUG = False

    with pytest.raises(CommandError, match="--force"):
        run_seed()

    assert not Company.objects.exists()


@pytest.mark.django_db
def test_runs_without_force_when_debug_is_on(settings):
    settings.DEBUG = True

    output = run_seed()

    assert "National admin: admin@demo.example.org" in output
    assert Company.objects.count() == 59
