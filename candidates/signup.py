"""allauth's sign-up form, made atomic: the account and the draft file are created together.

allauth saves the user, then calls ``CandidateSignupForm.signup`` (ACCOUNT_SIGNUP_FORM_CLASS)
which registers the candidate; without a transaction around both, a failure in between would
leave an account without its file. Kept apart from ``forms.py``, which allauth imports while
building its own forms.
"""

from __future__ import annotations

from allauth.account.forms import SignupForm as AllauthSignupForm
from django.contrib.auth.hashers import make_password
from django.db import transaction


class SignupForm(AllauthSignupForm):
    def try_save(self, request):
        """An address that already has an account gets an e-mail rather than a new account
        (allauth, ACCOUNT_PREVENT_ENUMERATION); its password is hashed all the same, so that
        the answer takes as long as for a new address and tells nothing."""
        if self.account_already_exists:
            make_password(self.cleaned_data.get("password1") or "")
        return super().try_save(request)

    def save(self, request):
        with transaction.atomic():
            return super().save(request)
