"""Staff use a second factor (DESIGN §10): with STAFF_MFA_REQUIRED, a staff member or national
admin without one sees no staff page nor the admin until they enrol an authenticator app;
afterwards each sign-in asks for a code or a recovery code. A national admin resets a lost
factor. Off (the embedded default), nobody is forced."""

from __future__ import annotations

import datetime
import logging

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, hotp_value
from django.core import mail
from django.urls import reverse

from nqt.core.models import AuthEvent, Notification
from tests import factories
from tests.core.test_settings import PRODUCTION_ENV, load_settings

pytestmark = pytest.mark.django_db

# A fixed instant, in the middle of a 30-second TOTP step.
NOON = datetime.datetime(2026, 3, 2, 11, 0, 10, tzinfo=datetime.UTC)
ENROL = reverse("mfa_activate_totp")
STAFF_PAGES = [
    reverse("impact:kpi_dashboard"),
    reverse("impact:export_candidates"),
    reverse("admin:index"),
    reverse("admin:core_region_changelist"),
    reverse("my_space"),
]


def totp_code(secret: str, when: datetime.datetime) -> str:
    """The code an authenticator app shows at ``when`` (allauth's own HOTP helper)."""
    return format_hotp_value(hotp_value(secret, int(when.timestamp()) // 30))


def sign_in(client, user, next_path: str = "") -> object:
    url = reverse("account_login") + (f"?next={next_path}" if next_path else "")
    return client.post(url, {"login": user.email, "password": factories.PASSWORD})


def open_enrolment(client, user):
    """The activation page, after confirming the password as allauth asks before any change
    of factor (even right after signing in)."""
    response = client.get(ENROL)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_reauthenticate"))
    response = client.post(response["Location"], {"password": factories.PASSWORD})
    assert response["Location"] == ENROL
    return client.get(ENROL)


def enrol(client, user) -> str:
    """Enrol an authenticator app from the activation page; return its secret."""
    page = open_enrolment(client, user)
    assert page.status_code == 200
    secret = page.context["form"].secret
    response = client.post(ENROL, {"code": totp_code(secret, NOON)})
    assert response.status_code == 302, response.context["form"].errors
    assert response["Location"] == reverse("mfa_view_recovery_codes")
    return secret


def give_factor(user) -> str:
    secret = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
    TOTP.activate(user, secret)
    return secret


@pytest.fixture
def required(settings):
    settings.STAFF_MFA_REQUIRED = True


@pytest.fixture
def at_noon(time_machine):
    time_machine.move_to(NOON, tick=False)
    return time_machine


@pytest.mark.usefixtures("required")
@pytest.mark.parametrize("path", STAFF_PAGES)
@pytest.mark.parametrize("persona", ["staff", "national_admin"])
def test_staff_without_a_factor_are_sent_to_the_enrolment(client, request, persona, path):
    sign_in(client, request.getfixturevalue(persona))
    response = client.get(path)
    assert response.status_code == 302
    assert response["Location"] == ENROL
    page = client.get(ENROL, follow=True)
    assert page.status_code == 200
    assert "Les comptes de l&#x27;équipe sont protégés par un second facteur" in (
        page.content.decode()
    )


@pytest.mark.usefixtures("required")
def test_staff_without_a_factor_may_still_sign_out_and_switch_language(client, staff):
    sign_in(client, staff)
    assert client.get(reverse("mfa_index")).status_code == 200
    for name in (
        "account_reauthenticate",
        "account_request_reauthentication_code",
        "account_email",
    ):
        assert client.get(reverse(name)).status_code == 200, name
    assert client.get("/static/css/site.css").status_code == 200
    assert client.post(reverse("set_language"), {"language": "en"}).status_code == 302
    assert client.post(reverse("account_logout")).status_code == 302
    assert "_auth_user_id" not in client.session


@pytest.mark.usefixtures("required", "at_noon")
def test_after_enrolling_the_staff_pages_answer(client, staff, django_capture_on_commit_callbacks):
    sign_in(client, staff)
    with django_capture_on_commit_callbacks(execute=True):
        enrol(client, staff)
    codes = client.get(reverse("mfa_view_recovery_codes"))
    assert codes.status_code == 200
    assert len(codes.context["unused_codes"]) == 10
    assert client.get(reverse("impact:kpi_dashboard")).status_code == 200
    assert client.get(reverse("admin:index")).status_code == 200
    # The authentication log keeps the enrolment (DESIGN §10), without the secret.
    assert AuthEvent.objects.filter(
        kind=AuthEvent.Kind.SECOND_FACTOR_CHANGED, user=staff, detail="added totp"
    ).exists()


@pytest.mark.usefixtures("required")
def test_the_enrolment_page_fits_the_site_and_speaks_french(client, staff):
    sign_in(client, staff)
    content = open_enrolment(client, staff).content.decode()
    assert "Mentions légales" in content  # the site's footer
    assert 'src="data:image/svg+xml;base64,' in content
    assert 'alt="Code QR à scanner avec votre application d\'authentification"' in content
    assert '<label class="form-label" for="authenticator_secret">' in content


@pytest.mark.usefixtures("required")
def test_signing_in_asks_for_a_code_then_accepts_it(client, staff, at_noon):
    sign_in(client, staff)
    secret = enrol(client, staff)
    client.post(reverse("account_logout"))

    response = sign_in(client, staff, next_path=reverse("impact:kpi_dashboard"))
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_authenticate")
    # The password alone opens nothing.
    assert "_auth_user_id" not in client.session
    assert client.get(reverse("impact:kpi_dashboard")).status_code == 302

    # A wrong code is refused; the one of the next step (the enrolment's was used) works.
    assert client.post(reverse("mfa_authenticate"), {"code": "000000"}).status_code == 200
    at_noon.move_to(NOON + datetime.timedelta(seconds=30), tick=False)
    later = NOON + datetime.timedelta(seconds=30)
    client.get(reverse("mfa_authenticate"))
    response = client.post(reverse("mfa_authenticate"), {"code": totp_code(secret, later)})
    assert response.status_code == 302
    assert response["Location"] == reverse("impact:kpi_dashboard")
    assert client.get(reverse("impact:kpi_dashboard")).status_code == 200


@pytest.mark.usefixtures("required", "at_noon")
def test_a_recovery_code_signs_in_once(client, staff):
    sign_in(client, staff)
    enrol(client, staff)
    recovery_code = RecoveryCodes(
        Authenticator.objects.get(user=staff, type=Authenticator.Type.RECOVERY_CODES)
    ).get_unused_codes()[0]
    client.post(reverse("account_logout"))

    sign_in(client, staff)
    response = client.post(reverse("mfa_authenticate"), {"code": recovery_code})
    assert response.status_code == 302
    assert client.get(reverse("admin:index")).status_code == 200

    client.post(reverse("account_logout"))
    sign_in(client, staff)
    assert client.post(reverse("mfa_authenticate"), {"code": recovery_code}).status_code == 200
    assert "_auth_user_id" not in client.session


@pytest.mark.usefixtures("required", "at_noon")
def test_the_admin_login_goes_through_the_code_step(client, national_admin):
    secret = give_factor(national_admin)
    response = client.get(reverse("admin:index"), follow=True)
    login_url = response.redirect_chain[-1][0]
    assert login_url.startswith(reverse("account_login"))
    response = client.post(login_url, {"login": national_admin.email, "password": "x"})
    assert "_auth_user_id" not in client.session
    response = client.post(
        login_url, {"login": national_admin.email, "password": factories.PASSWORD}
    )
    assert response["Location"] == reverse("mfa_authenticate")
    response = client.post(reverse("mfa_authenticate"), {"code": totp_code(secret, NOON)})
    assert response["Location"] == reverse("admin:index")
    assert client.get(reverse("admin:index")).status_code == 200


@pytest.mark.usefixtures("required")
@pytest.mark.parametrize("persona", ["candidate", "mentor", "company_contact"])
def test_other_roles_are_not_asked_for_a_second_factor(client, request, persona):
    user = request.getfixturevalue(persona).user
    response = sign_in(client, user)
    assert response["Location"] != reverse("mfa_authenticate")
    assert client.get(reverse("my_space")).status_code == 200


def test_with_the_setting_off_staff_are_not_forced(client, staff, settings):
    assert settings.STAFF_MFA_REQUIRED is False  # the test settings, as the embedded default
    sign_in(client, staff)
    assert client.get(reverse("impact:kpi_dashboard")).status_code == 200
    assert client.get(reverse("admin:index")).status_code == 200


@pytest.mark.usefixtures("required")
def test_a_national_admin_resets_a_lost_factor(
    client, staff, national_admin, caplog, django_capture_on_commit_callbacks
):
    give_factor(staff)
    RecoveryCodes.activate(staff)
    give_factor(national_admin)
    client.force_login(national_admin)
    changelist = reverse("admin:core_user_changelist")
    assert "Réinitialiser la double authentification" in client.get(changelist).content.decode()

    with (
        caplog.at_level(logging.INFO, logger="nqt.core.second_factor"),
        django_capture_on_commit_callbacks(execute=True),
    ):
        response = client.post(
            changelist,
            {"action": "reset_second_factor", "_selected_action": [staff.pk]},
            follow=True,
        )
    assert "Double authentification réinitialisée pour 1 compte." in response.content.decode()
    assert not Authenticator.objects.filter(user=staff).exists()
    assert Authenticator.objects.filter(user=national_admin).exists()
    (record,) = [r for r in caplog.records if r.name == "nqt.core.second_factor"]
    assert record.getMessage() == (
        f"Second factor reset: user {staff.pk} by national admin {national_admin.pk} "
        "(2 authenticators removed)"
    )
    assert "JBSWY3DP" not in caplog.text
    assert AuthEvent.objects.filter(
        kind=AuthEvent.Kind.SECOND_FACTOR_CHANGED,
        user=staff,
        detail=f"reset by national admin {national_admin.pk}",
    ).exists()
    notification = Notification.objects.get(recipient=staff, kind="second_factor_reset")
    (message,) = [m for m in mail.outbox if m.to == [staff.email]]
    assert message.subject.endswith("Votre double authentification a été réinitialisée")
    assert ENROL in message.body
    assert notification.email_status == Notification.EmailStatus.SENT

    # At the next sign-in the staff member enrols again.
    client.post(reverse("account_logout"))
    sign_in(client, staff)
    assert client.get(reverse("impact:kpi_dashboard"))["Location"] == ENROL


def test_regional_staff_cannot_reset_a_factor(client, staff, other_staff):
    give_factor(other_staff)
    client.force_login(staff)
    client.post(
        reverse("admin:core_user_changelist"),
        {"action": "reset_second_factor", "_selected_action": [other_staff.pk]},
    )
    assert Authenticator.objects.filter(user=other_staff).exists()


def test_the_admin_does_not_list_authenticators_and_their_secrets(client, national_admin):
    client.force_login(national_admin)
    response = client.get("/admin/mfa/authenticator/")
    assert response.status_code == 404


def test_erasing_an_account_removes_its_factor(staff):
    from nqt.core.privacy import erase_user

    give_factor(staff)
    erase_user(staff)
    assert not Authenticator.objects.filter(user=staff).exists()


@pytest.mark.parametrize(
    ("module", "env", "expected"),
    [
        ("local", {}, "False"),
        ("local", {"STAFF_MFA_REQUIRED": "true"}, "True"),
        ("production", PRODUCTION_ENV, "True"),
        ("production", {**PRODUCTION_ENV, "STAFF_MFA_REQUIRED": "false"}, "False"),
    ],
)
def test_the_second_factor_is_required_in_production_and_not_in_the_embedded_default(
    module, env, expected
):
    result = load_settings(module, env, show="s.STAFF_MFA_REQUIRED")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == expected
