"""The load scenario of `make load` (bin/load.py runs it): candidates, mentors and staff.

Run by Locust from its own venv, without Django: the accounts and the mentorships each one
follows come from the plan bin/load.py writes (``LOAD_PLAN``, JSON). Requests are named by
page (``name=``) so the statistics group per page, not per URL. An expected business answer
(a redirect after a form, "already paired" when another mentor was quicker) is a success;
a 5xx, a sign-in page where a signed-in page was expected, or any other status is a failure.
"""

from __future__ import annotations

import datetime
import itertools
import json
import os
import random
import re
import threading

import urllib3
from locust import HttpUser, between, task
from requests.adapters import HTTPAdapter
from urllib3.util.retry import Retry

urllib3.disable_warnings(urllib3.exceptions.InsecureRequestWarning)

PLAN = json.loads(open(os.environ["LOAD_PLAN"], encoding="utf-8").read())  # noqa: SIM115
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
ACCEPT = re.compile(r'action="/espace-parrain/parrainages/(\d+)/accepter/"')
LOGIN_PATH = "/accounts/login/"

_lock = threading.Lock()
_counters: dict[str, itertools.count] = {}
_addresses = itertools.count(1)


def _short(error: Exception | None) -> str:
    """An error's type and message, without what differs between occurrences (ports, ids)."""
    return re.sub(r"0x[0-9a-f]+|\d{4,}", "…", f"{type(error).__name__}: {error}")[:120]


def _next_account(role: str) -> dict:
    """Spread the simulated users over the role's accounts, one each while there are enough."""
    with _lock:
        index = next(_counters.setdefault(role, itertools.count()))
    accounts = PLAN[role]
    return accounts[index % len(accounts)]


class _Person(HttpUser):
    abstract = True
    wait_time = between(1, 4)
    role = ""

    def on_start(self) -> None:
        self.client.verify = False  # the orchestrator's throw-away self-signed certificate
        # As a browser does, a GET sent on a kept-alive connection that the server closed at
        # that very moment (gunicorn closes idle ones after 2 s) is sent again once on a new
        # connection; a POST never is.
        retry = Retry(
            total=1, connect=1, read=1, status=0, other=0, allowed_methods={"GET"}, redirect=0
        )
        self.client.mount("https://", HTTPAdapter(max_retries=retry))
        with _lock:
            number = next(_addresses)
        # Each simulated person is a client of its own behind the load balancer (production's
        # TRUSTED_PROXY_COUNT=1): the per-address sign-in limits apply per person.
        self.client.headers["X-Forwarded-For"] = f"10.{number // 250}.{number % 250}.1"
        self.account = _next_account(self.role)
        self.mentorships = list(self.account.get("mentorships", []))
        self.sign_in()

    # --- helpers --------------------------------------------------------------------------

    def _referer(self, path: str) -> dict[str, str]:
        # Django checks the Referer of a POST over HTTPS (CSRF).
        return {"Referer": f"{self.host}{path}"}

    def page(self, path: str, name: str) -> str | None:
        """GET a signed-in page; returns its HTML, or None (a failure is recorded). After a
        failed sign-in the person tries to sign in again rather than browse."""
        if not self.signed_in:
            self.sign_in()
            return None
        with self.client.get(
            path, name=name, allow_redirects=False, catch_response=True
        ) as response:
            if response.status_code == 200:
                response.success()
                return response.text
            if response.status_code == 302 and LOGIN_PATH in response.headers.get("Location", ""):
                response.failure("signed out: redirected to the sign-in page")
                self.signed_in = False
            elif response.status_code == 0:
                response.failure(f"no answer: {_short(response.error)}")
            else:
                response.failure(f"status {response.status_code}")
        return None

    def post_form(self, path: str, data: dict, *, name: str, page: str, html: str) -> str | None:
        """POST a form with the CSRF token of ``page`` (its ``html``); returns the redirect
        target (every form of the scenario answers with a redirect), or None on a failure."""
        match = CSRF.search(html)
        if match is None:
            return None
        with self.client.post(
            path,
            data={"csrfmiddlewaretoken": match.group(1), **data},
            headers=self._referer(page),
            name=name,
            allow_redirects=False,
            catch_response=True,
        ) as response:
            location = response.headers.get("Location", "")
            if response.status_code == 302 and LOGIN_PATH not in location:
                response.success()
                return location
            response.failure(f"status {response.status_code} {location}".strip())
        return None

    signed_in = False

    def sign_in(self) -> None:
        self.signed_in = False
        self.client.cookies.clear()
        with self.client.get(LOGIN_PATH, name="sign-in (form)", catch_response=True) as response:
            match = CSRF.search(response.text or "")
            if response.status_code != 200 or match is None:
                response.failure(f"status {response.status_code}, no form")
                return
            response.success()
        with self.client.post(
            LOGIN_PATH,
            data={
                "csrfmiddlewaretoken": match.group(1),
                "login": self.account["email"],
                "password": PLAN["password"],
            },
            headers=self._referer(LOGIN_PATH),
            name="sign-in (post)",
            allow_redirects=False,
            catch_response=True,
        ) as response:
            location = response.headers.get("Location", "")
            if response.status_code == 302 and LOGIN_PATH not in location:
                response.success()
                self.signed_in = True
            else:
                response.failure(f"status {response.status_code}, not signed in")

    # --- tasks every role has -------------------------------------------------------------

    @task(4)
    def my_space(self) -> None:
        self.page("/mon-espace/", f"mon espace [{self.role}]")

    @task(2)
    def notifications(self) -> None:
        self.page("/notifications/", f"notifications [{self.role}]")

    @task(1)
    def sign_in_again(self) -> None:
        """Sign out, then in again: the sign-in pages get their share of the load."""
        html = self.page("/mon-espace/", f"mon espace [{self.role}]")
        match = CSRF.search(html or "")
        if match:
            self.client.post(
                "/accounts/logout/",
                data={"csrfmiddlewaretoken": match.group(1)},
                headers=self._referer("/mon-espace/"),
                name="sign-out",
                allow_redirects=False,
            )
            self.sign_in()


class _Pair(_Person):
    """A candidate or a mentor: both read their mentorship page and log meetings on it."""

    abstract = True

    @task(3)
    def mentorship_page(self) -> None:
        if self.mentorships:
            pk = random.choice(self.mentorships)
            self.page(f"/parrainages/{pk}/", f"mentorship page [{self.role}]")

    @task(1)
    def log_meeting(self) -> None:
        if not self.mentorships:
            return
        pk = random.choice(self.mentorships)
        page = f"/parrainages/{pk}/"
        html = self.page(page, f"mentorship page [{self.role}]")
        if html is None:
            return
        today = datetime.date.today()
        self.post_form(
            f"/parrainages/{pk}/rencontres/",
            {
                "date": (today - datetime.timedelta(days=random.randint(0, 2))).isoformat(),
                "duration_minutes": random.choice(["30", "45", "60", "90"]),
                "mode": random.choice(["in_person", "video", "phone"]),
                "topics": random.sample(["cv", "interview", "network", "project"], 2),
                "notes": "Point d'étape (test de charge).",
            },
            name=f"log a meeting [{self.role}]",
            page=page,
            html=html,
        )


class Candidate(_Pair):
    weight = 5
    role = "candidate"


class Mentor(_Pair):
    weight = 3
    role = "mentor"

    @task(3)
    def mentor_space(self) -> None:
        self.page("/espace-parrain/", "mentor space")

    @task(2)
    def accept_proposal(self) -> None:
        """Accept a proposal waiting in the mentor space, if any. Another mentor may have been
        quicker for the same candidate: the refusal is a business answer, not a failure."""
        path = "/espace-parrain/"
        html = self.page(path, "mentor space") or ""
        proposals = ACCEPT.findall(html)
        if not proposals:
            return
        pk = int(random.choice(proposals))
        location = self.post_form(
            f"/espace-parrain/parrainages/{pk}/accepter/",
            {},
            name="accept a proposal",
            page=path,
            html=html,
        )
        if location and location.rstrip("/").endswith(f"/parrainages/{pk}"):
            self.mentorships.append(pk)  # accepted: the mentorship page is now theirs


class Staff(_Person):
    weight = 2
    role = "staff"

    @task(4)
    def dashboard(self) -> None:
        self.page("/tableau-de-bord/", "dashboard")

    @task(2)
    def mentorships_list(self) -> None:
        self.page("/admin/mentoring/mentorship/", "admin: mentorships")

    @task(1)
    def attention_list(self) -> None:
        self.page("/admin/mentoring/mentorship/?attention=all", "admin: mentorships, attention")

    @task(2)
    def candidates_list(self) -> None:
        self.page("/admin/candidates/candidate/", "admin: candidates")
