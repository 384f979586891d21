"""Steps several browser journeys share."""

from __future__ import annotations


def sign_in(page, live_server, email: str, password: str, next_path: str = "/") -> None:
    """Sign in through the site's login page, then land on ``next_path``."""
    page.goto(f"{live_server.url}/accounts/login/?next={next_path}")
    page.get_by_label("Adresse e-mail").fill(email)
    page.get_by_role("textbox", name="Mot de passe").fill(password)
    page.get_by_role("button", name="Se connecter").click()


def sign_out(page) -> None:
    page.context.clear_cookies()
