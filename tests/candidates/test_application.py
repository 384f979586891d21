"""The application in steps: each step saves as it goes, bad input gets a clear French message
and leaves nothing half-written, the summary shows the pre-check and sends the file."""

from __future__ import annotations

import datetime

import pytest
from django.core import mail
from django.core.files.storage import default_storage
from django.urls import reverse
from django.utils import timezone

from candidates.models import Candidate, Document, StatusChange
from nqt.core.models import Notification, Sector
from tests import factories
from tests.support import documents

pytestmark = pytest.mark.django_db


def step_url(slug: str) -> str:
    return reverse("candidates:step", kwargs={"slug": slug})


IDENTITY = {
    "first_name": "Nour",
    "last_name": "Benali",
    "birth_date": "1999-05-12",
    "phone": "06 12 34 56 78",
    "postcode": "67100",
    "city": "Strasbourg",
}
STUDIES = {
    "diploma_level": "5",
    "diploma_title": "Master Finance d'entreprise",
    "field_of_study": "",  # filled in by the fixture below
    "school": "Université de Strasbourg",
    "graduation_year": "2025",
}


@pytest.fixture
def new(login):
    """A candidate who just signed up, signed in."""
    candidate = factories.NewCandidateFactory()
    return candidate, login(candidate.user)


def stored_files() -> list[str]:
    try:
        folders, _files = default_storage.listdir("documents")
    except FileNotFoundError:
        return []
    found = []
    for year in folders:
        for month in default_storage.listdir(f"documents/{year}")[0]:
            found += default_storage.listdir(f"documents/{year}/{month}")[1]
    return found


def test_the_application_starts_at_the_first_unfinished_step(new):
    _candidate, client = new
    response = client.get(reverse("candidates:application"))
    assert response["Location"] == step_url("identite")


def test_a_valid_step_is_saved_even_when_later_steps_are_empty(new):
    candidate, client = new
    response = client.post(step_url("identite"), IDENTITY)
    assert response["Location"] == step_url("etudes")
    candidate.refresh_from_db()
    assert candidate.birth_date == datetime.date(1999, 5, 12)
    assert str(candidate.phone) == "+33612345678"
    assert candidate.department.code == "67"
    assert candidate.status == Candidate.Status.DRAFT
    content = client.get(step_url("etudes")).content.decode()
    assert "(complète)" in content  # the identity step is ticked in the navigation


@pytest.mark.parametrize(
    ("postcode", "department"),
    [
        ("20090", "2A"),
        ("20137", "2A"),
        ("20200", "2B"),
        ("20600", "2B"),
        ("97110", "971"),
        ("97400", "974"),
        ("75011", "75"),
        ("01000", "01"),
    ],
)
def test_the_department_comes_from_the_postcode(new, postcode, department):
    candidate, client = new
    client.post(step_url("identite"), {**IDENTITY, "postcode": postcode})
    candidate.refresh_from_db()
    assert candidate.department.code == department


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"birth_date": ""}, "birth_date", "Ce champ est obligatoire."),
        ({"birth_date": "2999-01-01"}, "birth_date", "ne peut pas être dans le futur"),
        ({"birth_date": "1899-12-31"}, "birth_date", "antérieure à 1900"),
        ({"birth_date": "31/02/2000"}, "birth_date", "date valide"),
        ({"phone": "12"}, "phone", "numéro de téléphone"),
        ({"postcode": "6710"}, "postcode", "cinq chiffres"),
        ({"postcode": "99999"}, "postcode", "aucun département"),
        ({"city": ""}, "city", "Ce champ est obligatoire."),
        ({"city": "<b>Strasbourg</b>"}, "city", "balises"),
        ({"last_name": "<script>alert(1)</script>"}, "last_name", "uniquement des lettres"),
    ],
)
def test_identity_bad_inputs_get_a_french_message_and_save_nothing(new, changes, field, message):
    candidate, client = new
    response = client.post(step_url("identite"), {**IDENTITY, **changes})
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert field in errors
    assert message in " ".join(errors[field])
    assert "<script>alert(1)</script>" not in response.content.decode()
    candidate.refresh_from_db()
    assert candidate.birth_date is None
    assert candidate.postcode == ""
    assert candidate.user.last_name != "<script>alert(1)</script>"


def test_age_30_or_more_is_accepted_by_the_form_and_flagged_by_the_precheck(new):
    _candidate, client = new
    thirty_five = timezone.localdate().replace(year=timezone.localdate().year - 35, day=1)
    response = client.post(step_url("identite"), {**IDENTITY, "birth_date": thirty_five})
    assert response.status_code == 302
    content = client.get(reverse("candidates:summary")).content.decode()
    assert "réservé aux moins de 30 ans" in content
    assert "France Travail" in content
    assert "https://www.apec.fr/" in content
    assert "Mission Locale" in content


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"diploma_level": ""}, "diploma_level", "obligatoire"),
        ({"diploma_level": "2"}, "diploma_level", "choix valide"),
        ({"graduation_year": "1900"}, "graduation_year", "1950"),
        ({"graduation_year": "2999"}, "graduation_year", "postérieure"),
        ({"school": "<script>x</script>"}, "school", "balises"),
        ({"field_of_study": "999999"}, "field_of_study", "choix valide"),
    ],
)
def test_studies_bad_inputs(new, changes, field, message):
    candidate, client = new
    data = {**STUDIES, "field_of_study": factories.job_family("finance").pk, **changes}
    response = client.post(step_url("etudes"), data)
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors[field])
    candidate.refresh_from_db()
    assert candidate.diploma_level is None


def project(**changes):
    return {
        "project_type": "job",
        "target_sectors": [factories.sector("banking-insurance").pk],
        "target_job_family": factories.job_family("finance").pk,
        "target_job": "Contrôleur de gestion",
        "mobility": "region",
        "languages": [factories.language("en").pk],
        "linkedin_url": "https://www.linkedin.com/in/nour-benali",
        **changes,
    }


def test_a_job_project_is_saved_with_its_sectors_and_languages(new):
    candidate, client = new
    response = client.post(step_url("projet"), project())
    assert response["Location"] == step_url("criteres-sociaux")
    candidate.refresh_from_db()
    assert [s.code for s in candidate.target_sectors.all()] == ["banking-insurance"]
    assert [lang.code for lang in candidate.languages.all()] == ["en"]
    assert candidate.target_job == "Contrôleur de gestion"


def test_a_business_project_needs_its_description_not_a_job(new):
    candidate, client = new
    response = client.post(
        step_url("projet"),
        project(project_type="business_creation", target_job="", target_job_family=""),
    )
    assert "business_project" in response.context["form"].errors
    response = client.post(
        step_url("projet"),
        project(project_type="business_creation", business_project="Une épicerie solidaire."),
    )
    assert response.status_code == 302
    candidate.refresh_from_db()
    assert candidate.business_project == "Une épicerie solidaire."
    assert candidate.target_job == ""  # only the chosen project is kept


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"target_sectors": []}, "target_sectors", "au moins un secteur"),
        ({"target_job": ""}, "target_job", "métier"),
        ({"target_job_family": ""}, "target_job_family", "fonction"),
        ({"mobility": ""}, "mobility", "obligatoire"),
        ({"linkedin_url": "https://evil.example.org/in/x"}, "linkedin_url", "LinkedIn"),
        ({"linkedin_url": "javascript:alert(1)"}, "linkedin_url", "URL valide"),
    ],
)
def test_project_bad_inputs(new, changes, field, message):
    candidate, client = new
    response = client.post(step_url("projet"), project(**changes))
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors[field])
    assert not candidate.target_sectors.exists()


def test_more_than_three_sectors_are_refused(new):
    _candidate, client = new
    codes = ["banking-insurance", "it-digital", "agri-food", "energy-environment"]
    sectors = list(Sector.objects.filter(code__in=codes).values_list("pk", flat=True))
    assert len(sectors) == 4
    response = client.post(step_url("projet"), project(target_sectors=sectors))
    assert "trois secteurs au plus" in " ".join(response.context["form"].errors["target_sectors"])


def social(**changes):
    return {"qpv": "on", "qpv_name": "Neuhof", **changes}


def test_a_criterion_is_saved_with_its_proof_under_a_server_made_name(new):
    candidate, client = new
    response = client.post(
        step_url("criteres-sociaux"),
        social(proof_qpv=documents.png_upload("Justificatif <domicile>.png")),
    )
    assert response["Location"] == step_url("cv")
    candidate.refresh_from_db()
    assert candidate.qpv
    assert candidate.qpv_name == "Neuhof"
    [document] = candidate.documents.all()
    assert document.kind == Document.Kind.PROOF_QPV
    assert document.content_type == "image/png"
    assert document.original_name == "Justificatif domicile .png"
    assert "Justificatif" not in document.file.name
    assert document.file.name.endswith(".png")


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"qpv_name": ""}, "qpv_name", "nom de votre quartier"),
        (
            {"proof_qpv": documents.upload("domicile.pdf", documents.HTML_PAGE)},
            "proof_qpv",
            "PDF, JPEG ou PNG",
        ),
        ({"proof_qpv": documents.big_pdf_upload(6)}, "proof_qpv", "5"),
        ({"proof_rsa": documents.pdf_upload("rsa.pdf")}, "proof_rsa", "Cochez le critère"),
    ],
)
def test_social_criteria_bad_inputs_store_nothing(new, changes, field, message):
    candidate, client = new
    response = client.post(step_url("criteres-sociaux"), social(**changes))
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors[field])
    candidate.refresh_from_db()
    assert not candidate.qpv
    assert not Document.objects.exists()
    assert stored_files() == []


def test_unticking_a_criterion_deletes_its_proof(new, django_capture_on_commit_callbacks):
    candidate, client = new
    client.post(step_url("criteres-sociaux"), social(proof_qpv=documents.pdf_upload()))
    [name] = stored_files()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(step_url("criteres-sociaux"), {"boursier": "on"})
    candidate.refresh_from_db()
    assert (candidate.qpv, candidate.qpv_name, candidate.boursier) == (False, "", True)
    assert not candidate.documents.exists()
    assert name not in stored_files()


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (documents.upload("cv.pdf", documents.HTML_PAGE), "n'est pas un PDF"),
        (documents.png_upload("cv.pdf"), "n'est pas un PDF"),
        (documents.big_pdf_upload(6), "trop volumineux"),
        (documents.upload("cv.pdf", b""), "vide"),
        (None, "Choisissez votre CV"),
    ],
)
def test_cv_bad_inputs_store_nothing(new, upload, message):
    _candidate, client = new
    response = client.post(step_url("cv"), {"cv": upload} if upload else {})
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors["cv"])
    assert not Document.objects.exists()
    assert stored_files() == []


def test_a_new_cv_replaces_the_old_one(new, django_capture_on_commit_callbacks):
    candidate, client = new
    client.post(step_url("cv"), {"cv": documents.pdf_upload("cv-2025.pdf")})
    [first] = stored_files()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(step_url("cv"), {"cv": documents.pdf_upload("cv-2026.pdf")})
    [document] = candidate.documents.all()
    assert document.original_name == "cv-2026.pdf"
    assert stored_files() == [document.file.name.rsplit("/", 1)[1]]
    assert first not in stored_files()
    # Keeping the current CV: the step saves without a new file.
    assert client.post(step_url("cv"), {}).status_code == 302


def test_an_unknown_step_is_not_found(new):
    _candidate, client = new
    assert client.get(step_url("nope")).status_code == 404


def test_the_summary_lists_what_is_missing_and_refuses_to_send(new):
    candidate, client = new
    content = client.get(reverse("candidates:summary")).content.decode()
    assert "Ce qui manque encore" in content
    response = client.post(reverse("candidates:submit"), follow=True)
    assert "pas encore complet" in response.content.decode()
    candidate.refresh_from_db()
    assert candidate.status == Candidate.Status.DRAFT
    assert candidate.submitted_at is None
    assert not Notification.objects.exists()


def test_a_complete_file_is_sent_and_confirmed_by_email(
    login, staff, django_capture_on_commit_callbacks
):
    candidate = factories.with_documents(factories.DraftCandidateFactory())
    client = login(candidate.user)
    content = client.get(reverse("candidates:summary")).content.decode()
    assert "Envoyer mon dossier" in content
    assert "Vous remplissez au moins un critère social" in content
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("candidates:submit"))
    assert response["Location"] == reverse("my_space")
    candidate.refresh_from_db()
    assert candidate.status == Candidate.Status.SUBMITTED
    assert candidate.submitted_at is not None
    assert candidate.awaiting_decision_since == candidate.submitted_at
    assert candidate.history.last().to_status == Candidate.Status.SUBMITTED
    [message] = mail.outbox
    assert message.to == [candidate.user.email]
    assert message.subject == "Votre candidature nous est parvenue"
    # The region's staff see it in the site (no e-mail for each file).
    staff_note = Notification.objects.get(recipient=staff)
    assert staff_note.kind == "candidate_to_review"
    assert staff_note.email_status == Notification.EmailStatus.NONE
    assert candidate.user.last_name not in staff_note.title
    # Sending twice is refused.
    response = client.post(reverse("candidates:submit"), follow=True)
    assert "déjà été envoyé" in response.content.decode()
    assert StatusChange.objects.filter(candidate=candidate, to_status="submitted").count() == 1


def test_editing_eligibility_data_after_a_decision_sends_the_file_back(login):
    candidate = factories.with_documents(factories.EligibleCandidateFactory())
    client = login(candidate.user)
    # A change that is not eligibility data keeps the decision.
    client.post(step_url("projet"), project(target_job="Analyste financier"))
    candidate.refresh_from_db()
    assert candidate.status == Candidate.Status.ELIGIBLE
    # The diploma level is eligibility data: the file goes back to staff.
    data = {**STUDIES, "diploma_level": "4", "field_of_study": factories.job_family().pk}
    assert client.post(step_url("etudes"), data).status_code == 302
    candidate.refresh_from_db()
    assert candidate.status == Candidate.Status.SUBMITTED
    assert candidate.validated_at is None
    last = candidate.history.last()
    assert (last.from_status, last.to_status) == ("eligible", "submitted")
    assert "éligibilité" in last.note


def test_eligibility_data_is_locked_once_in_mentorship(login):
    candidate = factories.with_documents(
        factories.CandidateFactory(status=Candidate.Status.IN_MENTORSHIP)
    )
    client = login(candidate.user)
    form = client.get(step_url("identite")).context["form"]
    assert form.fields["birth_date"].disabled
    assert form.fields["postcode"].disabled
    assert not form.fields["phone"].disabled
    client.post(step_url("identite"), {**IDENTITY, "phone": "07 81 22 33 44"})
    candidate.refresh_from_db()
    assert candidate.status == Candidate.Status.IN_MENTORSHIP
    assert candidate.postcode == "67000"  # the posted 67100 was ignored
    assert str(candidate.phone) == "+33781223344"


def test_an_incomplete_file_is_sent_again_after_adding_the_document(
    login, django_capture_on_commit_callbacks
):
    candidate = factories.with_documents(
        factories.CandidateFactory(
            status=Candidate.Status.INCOMPLETE,
            requested_document=Document.Kind.PROOF_QPV,
            decision_reason="Justificatif de plus de trois mois.",
        )
    )
    client = login(candidate.user)
    content = client.get(reverse("my_space")).content.decode()
    assert "Justificatif de domicile en QPV" in content
    assert "Justificatif de plus de trois mois." in content
    client.post(step_url("criteres-sociaux"), social(proof_qpv=documents.pdf_upload()))
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("candidates:submit"))
    candidate.refresh_from_db()
    assert candidate.status == Candidate.Status.SUBMITTED
    assert candidate.requested_document == ""
    assert "complété" in mail.outbox[0].subject
