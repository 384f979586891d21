"""allauth's sign-up form, made atomic: the account and the draft file are created together.

allauth saves the user, then calls ``CandidateSignupForm.signup`` (ACCOUNT_SIGNUP_FORM_CLASS)
which registers the candidate; without a transaction around both, a failure in between would
leave an account without its file. Kept apart from ``forms.py``, which allauth imports while
building its own forms.
"""

from __future__ import annotations

from allauth.account.forms import SignupForm as AllauthSignupForm
from django.db import transaction


class SignupForm(AllauthSignupForm):
    def save(self, request):
        with transaction.atomic():
            return super().save(request)
