"""Account pages allauth lacks: sending the verification e-mail again from "check your inbox".

allauth sends it again only when the person signs in anew; the page it shows after sign-up
was a dead end (issue 16). The sign-up in progress is the login allauth keeps in the session
for a quarter of an hour (LOGIN_TIMEOUT), a real one or, for an address that already has an
account, the stand-in that prevents enumeration: both get the same answers.
"""

from __future__ import annotations

from allauth.account.internal.flows.email_verification import (
    consume_email_verification_rate_limit,
    get_address_for_login,
    send_verification_email_at_login,
)
from allauth.account.internal.stagekit import unstash_login
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST


@require_POST
def verification_resend(request: HttpRequest) -> HttpResponse:
    login = None if request.user.is_authenticated else unstash_login(request, peek=True)
    address = get_address_for_login(login) if login and login.user else None
    email = address.email if address else (login.email if login else None)
    if not email:
        messages.info(
            request,
            _(
                "To receive the confirmation e-mail again, sign in with your address and "
                "password: we send it again."
            ),
        )
        return redirect("account_login")
    # allauth's own limit for these e-mails (ACCOUNT_RATE_LIMITS["confirm_email"]); sending
    # consumes it, this only looks.
    if not consume_email_verification_rate_limit(request, email, dry_run=True):
        messages.error(
            request,
            _(
                "We sent you the e-mail less than three minutes ago: wait a little before "
                "asking for it again, and look in your spam folder too."
            ),
        )
    elif not send_verification_email_at_login(request, login):
        # Only a real account whose address got confirmed meanwhile lands here.
        messages.info(request, _("Your address is already confirmed: sign in."))
        return redirect("account_login")
    # Sent: allauth says so ("Confirmation e-mail sent to …").
    return redirect("account_email_verification_sent")
