"""E-mail backends for tests that need the network to fail."""

from django.core.mail.backends.base import BaseEmailBackend


class FailingEmailBackend(BaseEmailBackend):
    def send_messages(self, email_messages):
        raise ConnectionRefusedError("SMTP server unreachable")


class SlowFileBackend(BaseEmailBackend):
    """Writes each message to EMAIL_FILE_PATH after a pause, so a test can kill the worker
    while it is sending (the message is then not written: nothing was delivered)."""

    def send_messages(self, email_messages):
        import os
        import time

        from django.core.mail.backends.filebased import EmailBackend

        time.sleep(float(os.environ.get("SLOW_EMAIL_SECONDS", "5")))
        return EmailBackend().send_messages(email_messages)
