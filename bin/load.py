"""`make load`: the platform under load, on loopback, then the database's invariants.

Creates a fresh database (``nqt_load``), migrates it and loads the demo data; gives the demo
password to more demo people (candidates in mentorship, mentors with places, every staff
member) and sends proposals to the mentors so that some can be accepted; starts a private
redis-server, gunicorn with the production settings over TLS (a throw-away self-signed
certificate), a Celery worker and Celery beat; runs the Locust scenario of
``tests/load/locustfile.py`` headless; restarts Redis once midway; stops everything (always);
waits for the e-mails still owed; checks the invariants and prints the report.

Exits non-zero when a request failed or an invariant broke. Bounded: Locust stops after its
time, the whole run after a hard timeout. Settings (environment): LOAD_USERS (50),
LOAD_SPAWN_RATE (10), LOAD_TIME (5m), LOAD_REDIS_DOWN (seconds Redis stays down, 5),
LOAD_DATABASE (nqt_load), LOAD_GUNICORN_WORKERS (3), LOAD_GUNICORN_THREADS (4), LOAD_DRAIN
(seconds to wait for the e-mails still owed, 360: beat resends those Redis lost every 5 minutes).
"""

from __future__ import annotations

import argparse
import csv
import datetime
import json
import os
import re
import secrets
import signal
import ssl
import subprocess
import sys
import threading
import time
import urllib.request
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.support.processes import RedisServer, free_port, wait_until  # noqa: E402

BIN = Path(sys.executable).parent
STARTED = time.monotonic()


def say(line: str) -> None:
    print(f"[{time.monotonic() - STARTED:6.1f} s] {line}", flush=True)


def seconds(value: str) -> int:
    """Locust's run time spelling (90, 90s, 5m, 1h) in seconds."""
    match = re.fullmatch(r"(\d+)([smh]?)", value.strip())
    if not match:
        raise SystemExit(f"LOAD_TIME={value!r}: expected e.g. 300, 60s, 5m")
    return int(match.group(1)) * {"": 1, "s": 1, "m": 60, "h": 3600}[match.group(2)]


class Timeout(Exception):
    pass


def _interrupt(signum, frame):
    raise KeyboardInterrupt(f"signal {signum}")


def _timeout(signum, frame):
    raise Timeout("the load run's hard timeout was reached")


# --- Processes -------------------------------------------------------------------------------


class Processes:
    """What the run started, stopped in reverse order whatever happens."""

    def __init__(self) -> None:
        self.started: list[tuple[str, subprocess.Popen]] = []

    def start(self, name: str, command: list, *, log: Path, env: dict) -> subprocess.Popen:
        handle = log.open("ab")
        process = subprocess.Popen(  # noqa: S603 - this script's own commands
            [str(part) for part in command],
            cwd=ROOT,
            env=env,
            stdout=handle,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # a Ctrl-C reaches this script only; it stops them
        )
        handle.close()
        self.started.append((name, process))
        return process

    def stop(self, name: str) -> None:
        for entry in list(self.started):
            if entry[0] == name:
                _terminate(*entry)
                self.started.remove(entry)

    def stop_all(self) -> None:
        while self.started:
            _terminate(*self.started.pop())


def _terminate(name: str, process: subprocess.Popen) -> None:
    if process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        say(f"{name} did not stop in 30 s: killed")
        process.kill()
        process.wait()


def run(command: list, *, env: dict, timeout: float) -> None:
    """A one-off step, its output shown as it comes (migrations, the demo data's progress)."""
    subprocess.run(  # noqa: S603 - this script's own commands
        [str(part) for part in command], cwd=ROOT, env=env, check=True, timeout=timeout
    )


# --- Set-up ----------------------------------------------------------------------------------


def fresh_database(name: str) -> None:
    import psycopg2

    connection = psycopg2.connect(host="127.0.0.1", port=5432, user="postgres", dbname="postgres")
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        cursor.execute(f'CREATE DATABASE "{name}"')
    connection.close()


def certificate(folder: Path) -> tuple[Path, Path]:
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(  # noqa: S603
        [  # noqa: S607 - Debian's openssl, wherever PATH has it
            "openssl",
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-days",
            "1",
            "-subj",
            "/CN=127.0.0.1",
            "-addext",
            "subjectAltName=IP:127.0.0.1",
            "-keyout",
            str(key),
            "-out",
            str(cert),
        ],
        check=True,
        capture_output=True,
        timeout=60,
    )
    return cert, key


def production_env(*, database: str, redis_url: str, port: int, folder: Path) -> dict:
    inherited = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO", "LOAD_")) and key not in {"DATABASE_URL", "REDIS_URL"}
    }
    return {
        **inherited,
        "DJANGO_SETTINGS_MODULE": "nqt.settings.production",
        "SECRET_KEY": "load-" + secrets.token_urlsafe(48),
        "ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_URL": f"postgres://postgres@127.0.0.1:5432/{database}",
        "REDIS_URL": redis_url,
        # django-environ drops the path's first slash: three, then the absolute path.
        "EMAIL_URL": f"filemail:///{folder / 'mail'}",
        "SITE_URL": f"https://127.0.0.1:{port}",
        "STATIC_ROOT": str(folder / "static"),
        "PRIVATE_MEDIA_ROOT": str(folder / "media"),
        # The simulated people are distinct clients behind one load balancer, as in
        # production: their address is read from X-Forwarded-For (sign-in limits per person).
        "TRUSTED_PROXY_COUNT": "1",
        # The simulated staff sign in with their password alone: the scenario does not enter
        # second-factor codes (allauth refuses a code used twice, and ten simulated staff share
        # four accounts). The second factor itself is tested in tests/core/test_second_factor.py.
        "STAFF_MFA_REQUIRED": "false",
        "LEGAL_ADDRESS": "1 place de la République, 67000 Strasbourg",
        "LEGAL_DIRECTOR": "La présidente de l'association",
        "LEGAL_HOST": "Hébergeur de test, 67000 Strasbourg",
        "CONTACT_EMAIL": "contact@example.org",
        "DPO_EMAIL": "dpo@example.org",
        "PYTHONUNBUFFERED": "1",
    }


def prepare_people(*, candidates: int, mentors: int) -> dict:
    """Give the demo password to more demo people and send proposals to the mentors; returns
    the plan the locustfile reads (accounts, and the mentorships each one follows)."""
    from allauth.account.models import EmailAddress
    from django.contrib.auth.hashers import make_password
    from django.db.models import Count, Q
    from django.utils import timezone

    from candidates.models import Candidate
    from mentoring import rules, services
    from mentoring.models import Mentor, Mentorship
    from nqt.core.models import User
    from nqt.demo import data as demo

    active = Mentorship.Status.ACTIVE
    today = timezone.localdate()
    pairs = list(
        Mentorship.objects.filter(status=active)
        .order_by("pk")
        .values_list("pk", "candidate__user_id", "candidate__user__email")
    )
    pairs.sort(key=lambda row: row[2] != demo.CANDIDATE_LOGIN.email)
    candidate_plan = [
        {"email": email, "user": user, "mentorships": [pk]} for pk, user, email in pairs
    ][:candidates]

    pool = (
        Mentor.objects.filter(rules.available_q(today))
        .annotate(
            taken=Count("mentorships", filter=Q(mentorships__status__in=rules.PLACE_STATUSES)),
            following=Count("mentorships", filter=Q(mentorships__status=active)),
        )
        .select_related("user")
        .order_by("pk")
    )
    chosen = sorted(
        (m for m in pool if m.taken < m.capacity),
        key=lambda m: (m.user.email != demo.MENTOR_LOGIN.email, m.following == 0, m.pk),
    )[:mentors]
    mentor_plan = [
        {
            "email": m.user.email,
            "user": m.user_id,
            "mentorships": list(
                m.mentorships.filter(status=active).order_by("pk").values_list("pk", flat=True)
            ),
        }
        for m in chosen
    ]
    staff = list(User.objects.filter(is_staff=True, is_active=True).order_by("pk"))
    staff_plan = [{"email": u.email, "user": u.pk} for u in staff]

    people = [row["user"] for row in candidate_plan + mentor_plan + staff_plan]
    User.objects.filter(pk__in=people).update(password=make_password(demo.DEMO_PASSWORD))
    verified = set(
        EmailAddress.objects.filter(user_id__in=people).values_list("user_id", flat=True)
    )
    EmailAddress.objects.bulk_create(
        EmailAddress(user_id=u.pk, email=u.email, verified=True, primary=True)
        for u in User.objects.filter(pk__in=set(people) - verified)
    )

    # Proposals for the mentors who will sign in: every eligible candidate is proposed to two
    # of them where the rules allow, so that two mentors may race for the same candidate.
    staff_member = User.objects.get(email=demo.STAFF_LOGIN.email)
    proposed = 0
    for candidate in Candidate.objects.filter(status=Candidate.Status.ELIGIBLE).order_by("pk"):
        asked = 0
        for mentor in chosen:
            if asked == 2:
                break
            try:
                services.mentorship_propose(
                    candidate=candidate, mentor=mentor, proposed_by=staff_member
                )
            except services.ProposalError:
                continue
            asked += 1
            proposed += 1
    pending = Mentorship.objects.filter(
        status=Mentorship.Status.PROPOSED, mentor__in=chosen
    ).count()
    say(
        f"Accounts: {len(candidate_plan)} candidates, {len(mentor_plan)} mentors, "
        f"{len(staff_plan)} staff; {proposed} proposals sent, {pending} waiting for these mentors"
    )
    return {
        "password": demo.DEMO_PASSWORD,
        "candidate": candidate_plan,
        "mentor": mentor_plan,
        "staff": staff_plan,
    }


def answers(url: str, context: ssl.SSLContext) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2, context=context) as response:  # noqa: S310
            return response.status == 200
    except OSError:
        return False


# --- Redis restart ---------------------------------------------------------------------------


class RedisRestart(threading.Thread):
    """Stop the private Redis after ``delay`` seconds, start it again on the same port
    ``down`` seconds later."""

    def __init__(self, server: RedisServer, *, delay: float, down: float) -> None:
        super().__init__(daemon=True)
        self.server, self.delay, self.down = server, delay, down
        self.cancelled = threading.Event()
        self.window: tuple[datetime.datetime, datetime.datetime] | None = None
        self.error = ""

    def run(self) -> None:
        if self.cancelled.wait(self.delay):
            return
        try:
            stopped = datetime.datetime.now()
            say(f"Redis stopped (port {self.server.port}); starting it again in {self.down:g} s")
            self.server.stop()
            time.sleep(self.down)
            self.server.start()
            self.window = (stopped, datetime.datetime.now())
            say("Redis answers again (empty: no persistence)")
        except Exception as error:  # reported, and the run fails
            self.error = f"{type(error).__name__}: {error}"


# --- Report ----------------------------------------------------------------------------------


def read_stats(prefix: Path) -> tuple[list[dict], dict | None, list[dict]]:
    stats_path = Path(f"{prefix}_stats.csv")
    if not stats_path.exists():
        return [], None, []
    with stats_path.open(newline="") as handle:
        rows = list(csv.DictReader(handle))
    pages = [row for row in rows if row["Name"] != "Aggregated"]
    total = next((row for row in rows if row["Name"] == "Aggregated"), None)
    failures_path = Path(f"{prefix}_failures.csv")
    failures = []
    if failures_path.exists():
        with failures_path.open(newline="") as handle:
            failures = list(csv.DictReader(handle))
    return pages, total, failures


def stats_table(pages: list[dict], total: dict | None) -> list[str]:
    lines = [
        f"{'page':<42} {'requests':>8} {'failures':>8} {'p50 ms':>7} {'p95 ms':>7} {'max ms':>7}"
    ]
    for row in sorted(pages, key=lambda r: r["Name"]) + ([total] if total else []):
        lines.append(
            f"{row['Name'][:42]:<42} {row['Request Count']:>8} {row['Failure Count']:>8} "
            f"{row['50%']:>7} {row['95%']:>7} {float(row['Max Response Time']):>7.0f}"
        )
    return lines


def log_errors(path: Path, limit: int = 8) -> list[str]:
    """The distinct errors of a log: each traceback's last line and each ERROR line."""
    if not path.exists():
        return []
    found: Counter[str] = Counter()
    in_traceback = False
    for line in path.read_text(errors="replace").splitlines():
        if line.startswith("Traceback"):
            in_traceback = True
            continue
        if in_traceback and line and not line[0].isspace():
            found[f"raised {line.strip()[:160]}"] += 1
            in_traceback = False
        elif not in_traceback and (" ERROR " in line or "[ERROR" in line or "ERROR/" in line):
            # Drop the time stamp so that the same error counts once.
            message = re.sub(r"^\S+ \S+ |^\[[^\]]*\] ", "", line.strip())
            found[message[:160]] += 1
    return [f"{count:>5} × {message}" for message, count in found.most_common(limit)]


ACCESS_5XX = re.compile(
    r'\[(?P<time>[^\]]+)\] "(?P<method>\S+) (?P<path>\S+)[^"]*" (?P<status>5\d\d)'
)


def server_errors(access_log: Path) -> list[str]:
    """5xx answers by page in gunicorn's access log, with the time of the first and last."""
    if not access_log.exists():
        return []
    seen: dict[str, list[str]] = {}
    for line in access_log.read_text(errors="replace").splitlines():
        match = re.match(
            r'\[(?P<time>[^\]]+)\] "(?P<method>\S+) (?P<path>\S+)[^"]*" (?P<status>5\d\d)', line
        )
        if match:
            path = re.sub(r"\d+", "N", match["path"].split("?")[0])
            key = f"{match['status']} {match['method']} {path}"
            seen.setdefault(key, []).append(match["time"])
    return [
        f"{len(times):>5} × {key}  (first {times[0]}, last {times[-1]})"
        for key, times in sorted(seen.items(), key=lambda item: -len(item[1]))
    ]


# --- Invariants ------------------------------------------------------------------------------


def pending_emails() -> int:
    from nqt.core.models import Notification

    return (
        Notification.objects.exclude(email="")
        .filter(
            email_status__in=[Notification.EmailStatus.PENDING, Notification.EmailStatus.SENDING]
        )
        .count()
    )


def mailed_ids(folder: Path) -> tuple[Counter, int]:
    """Notification ids of the e-mails the file backend wrote, and the count without one."""
    ids: Counter[int] = Counter()
    others = 0
    if folder.exists():
        for path in folder.iterdir():
            for message in path.read_text(errors="replace").split("-" * 79):
                if not message.strip():
                    continue
                match = re.search(r"^X-Notification-Id: (\d+)$", message, re.MULTILINE)
                if match:
                    ids[int(match.group(1))] += 1
                else:
                    others += 1
    return ids, others


def invariants(mail: Path) -> list[tuple[str, bool, str]]:
    from django.db.models import Count

    from mentoring import rules
    from mentoring.models import Mentor, Mentorship
    from nqt.core.models import Notification

    results = []
    load = dict(
        Mentorship.objects.filter(status__in=rules.LOAD_STATUSES)
        .values("mentor")
        .annotate(n=Count("id"))
        .values_list("mentor", "n")
    )
    capacity = dict(Mentor.objects.filter(pk__in=load).values_list("pk", "capacity"))
    over = {pk: (n, capacity[pk]) for pk, n in load.items() if n > capacity[pk]}
    results.append(
        (
            "no mentor over capacity",
            not over,
            f"{len(load)} mentors with active mentorships; over: "
            + (", ".join(f"mentor {pk} {n}/{cap}" for pk, (n, cap) in over.items()) or "none"),
        )
    )
    doubles = list(
        Mentorship.objects.filter(status=Mentorship.Status.ACTIVE)
        .values("candidate")
        .annotate(n=Count("id"))
        .filter(n__gt=1)
        .values_list("candidate", "n")
    )
    active = Mentorship.objects.filter(status=Mentorship.Status.ACTIVE).count()
    results.append(
        (
            "at most one active mentorship per candidate",
            not doubles,
            f"{active} active mentorships; candidates with several: {doubles or 'none'}",
        )
    )
    mailed, others = mailed_ids(mail)
    statuses = dict(
        Notification.objects.exclude(email="")
        .values("email_status")
        .annotate(n=Count("id"))
        .values_list("email_status", "n")
    )
    sent = set(
        Notification.objects.filter(email_status=Notification.EmailStatus.SENT).values_list(
            "pk", flat=True
        )
    )
    twice = sorted(pk for pk, n in mailed.items() if n > 1)
    unrecorded = sorted(set(mailed) - sent)
    missing = sorted(sent - set(mailed))
    owed = sum(statuses.get(s, 0) for s in ("pending", "sending", "failed"))
    results.append(
        (
            "every notification e-mailed once",
            not (twice or unrecorded or missing or owed),
            f"rows by e-mail status {dict(sorted(statuses.items()))}; {sum(mailed.values())} "
            f"e-mails written ({others} without a notification id); sent twice: "
            f"{twice[:10] or 'none'}; written but not recorded sent: {unrecorded[:10] or 'none'}; "
            f"recorded sent but not written: {missing[:10] or 'none'}; still owed: {owed}",
        )
    )
    return results


def activity(since: datetime.datetime) -> str:
    from django.db.models import Count

    from mentoring.models import Meeting, Mentorship
    from nqt.core.models import Notification

    accepted = Mentorship.objects.filter(answered_at__gte=since, status="active").count()
    withdrawn = Mentorship.objects.filter(answered_at__gte=since).exclude(status="active").count()
    meetings = Meeting.objects.filter(created_at__gte=since).count()
    kinds = dict(
        Notification.objects.filter(created_at__gte=since)
        .values("kind")
        .annotate(n=Count("id"))
        .values_list("kind", "n")
    )
    return (
        f"during the run: {accepted} proposals accepted, {withdrawn} other proposals closed "
        f"(withdrawn when their candidate was paired), {meetings} meetings logged, "
        f"notifications {dict(sorted(kinds.items())) or 'none'}"
    )


# --- Main ------------------------------------------------------------------------------------


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--locust", default=str(ROOT / "var/load-venv/bin/locust"))
    args = parser.parse_args()
    users = int(os.environ.get("LOAD_USERS", "50"))
    spawn_rate = os.environ.get("LOAD_SPAWN_RATE", "10")
    run_time = seconds(os.environ.get("LOAD_TIME", "5m"))
    redis_down = float(os.environ.get("LOAD_REDIS_DOWN", "5"))
    database = os.environ.get("LOAD_DATABASE", "nqt_load")
    workers = os.environ.get("LOAD_GUNICORN_WORKERS", "3")
    threads = os.environ.get("LOAD_GUNICORN_THREADS", "4")
    drain = float(os.environ.get("LOAD_DRAIN", "360"))
    if not Path(args.locust).exists():
        raise SystemExit(f"{args.locust} is missing: run `make load`, which installs it.")

    signal.signal(signal.SIGTERM, _interrupt)
    signal.signal(signal.SIGALRM, _timeout)
    signal.alarm(int(run_time + drain + 900))  # set-up, the run, the e-mails owed, the stop

    folder = ROOT / "var" / "load" / datetime.datetime.now().strftime("%Y%m%d-%H%M%S")
    (folder / "mail").mkdir(parents=True)
    say(f"Load run: {users} users for {run_time} s; logs and results in {folder}")

    redis = RedisServer()
    processes = Processes()
    restart: RedisRestart | None = None
    port = free_port()
    env = production_env(database=database, redis_url=redis.url, port=port, folder=folder)
    locust_env = dict(os.environ)  # Locust has no use for the platform's settings
    os.environ.update(env)
    failed_total = -1
    report: list[str] = []
    checks: list[tuple[str, bool, str]] = []
    try:
        redis.start()
        say(f"Private Redis on port {redis.port}; fresh database {database}")
        fresh_database(database)
        run([sys.executable, "manage.py", "migrate", "--noinput", "-v1"], env=env, timeout=600)
        say("Loading the demo data (seed_demo)")
        run([sys.executable, "manage.py", "seed_demo", "--force"], env=env, timeout=900)
        run(
            [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"], env=env, timeout=300
        )

        import django

        django.setup()
        from django.db import connection
        from django.utils import timezone

        plan = prepare_people(candidates=max(users, 30), mentors=max(users // 2, 20))
        plan_path = folder / "plan.json"
        plan_path.write_text(json.dumps(plan, indent=1))
        connection.close()
        since = timezone.now()

        cert, key = certificate(folder)
        processes.start(
            "gunicorn",
            [
                BIN / "gunicorn",
                "nqt.wsgi",
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                workers,
                "--threads",
                threads,
                "--worker-class",
                "gthread",
                "--certfile",
                cert,
                "--keyfile",
                key,
                "--timeout",
                "60",
                "--pid",
                folder / "gunicorn.pid",
                "--access-logfile",
                folder / "access.log",
                "--access-logformat",
                '%(t)s "%(r)s" %(s)s %(b)s %(M)sms',
                "--error-logfile",
                "-",
            ],
            log=folder / "gunicorn.log",
            env=env,
        )
        celery = [sys.executable, "-m", "celery", "-A", "nqt"]
        processes.start(
            "worker",
            [*celery, "worker", "--loglevel=INFO", "--concurrency=2", "-n", f"load-{port}@%h"],
            log=folder / "worker.log",
            env=env,
        )
        processes.start(
            "beat",
            [
                *celery,
                "beat",
                "--loglevel=INFO",
                "--schedule",
                folder / "celerybeat-schedule",
                "--pidfile",
                folder / "beat.pid",
            ],
            log=folder / "beat.log",
            env=env,
        )
        insecure = ssl._create_unverified_context()  # noqa: S323 - our own throw-away certificate
        host = f"https://127.0.0.1:{port}"
        if not wait_until(lambda: answers(f"{host}/healthz", insecure), timeout=60):
            raise RuntimeError(f"gunicorn did not answer on {host}: see {folder / 'gunicorn.log'}")
        if not wait_until(lambda: b"ready." in (folder / "worker.log").read_bytes(), timeout=60):
            raise RuntimeError(f"the worker did not start: see {folder / 'worker.log'}")
        say(f"gunicorn ({workers} workers × {threads} threads, TLS) on {host}, worker and beat up")

        restart = RedisRestart(redis, delay=run_time / 2, down=redis_down)
        restart.start()
        say(f"Locust: {users} users, {spawn_rate}/s, {run_time} s")
        with (folder / "locust.log").open("wb") as locust_log:
            subprocess.run(  # noqa: S603
                [
                    args.locust,
                    "-f",
                    ROOT / "tests/load/locustfile.py",
                    "--headless",
                    "-u",
                    str(users),
                    "-r",
                    spawn_rate,
                    "-t",
                    f"{run_time}s",
                    "--host",
                    host,
                    "--csv",
                    folder / "locust",
                    "--only-summary",
                    "--stop-timeout",
                    "10",
                ],
                cwd=ROOT,
                env={**locust_env, "LOAD_PLAN": str(plan_path)},
                stdout=locust_log,
                stderr=subprocess.STDOUT,
                timeout=run_time + 120,
                check=False,
            )
        restart.cancelled.set()
        restart.join(timeout=redis_down + 30)
        processes.stop("gunicorn")
        say("Locust done, gunicorn stopped; waiting for the e-mails still owed")
        deadline = time.monotonic() + drain
        while (owed := pending_emails()) and time.monotonic() < deadline:
            time.sleep(5)
        say(f"E-mails still owed: {owed}")
        processes.stop_all()
        connection.close()

        pages, total, failures = read_stats(folder / "locust")
        failed_total = int(total["Failure Count"]) if total else -1
        checks = invariants(folder / "mail")
        report = [
            f"{users} users ({spawn_rate}/s), {run_time} s, gunicorn {workers} workers × "
            f"{threads} threads over TLS, production settings, worker (2 processes) and beat",
            *stats_table(pages, total),
            "",
            f"failures: {failed_total}" if total else "no statistics: Locust failed (locust.log)",
        ]
        for row in failures:
            report.append(
                f"  {row['Occurrences']:>5} × {row['Method']} {row['Name']}: {row['Error']}"
            )
        if restart.window:
            start, end = restart.window
            report.append(f"Redis down from {start:%H:%M:%S} to {end:%H:%M:%S} (restarted once)")
        elif restart.error:
            report.append(f"Redis restart failed: {restart.error}")
        else:
            report.append("Redis was not restarted (the run ended first)")
        report.append(activity(since))
        report.append("invariants:")
        report += [f"  {'OK' if ok else 'KO'}  {name}: {detail}" for name, ok, detail in checks]
        if failed_total or not all(ok for _, ok, _ in checks):
            for title, lines in (
                ("5xx answers (gunicorn access log)", server_errors(folder / "access.log")),
                ("gunicorn errors", log_errors(folder / "gunicorn.log")),
                ("worker errors", log_errors(folder / "worker.log")),
                ("beat errors", log_errors(folder / "beat.log")),
            ):
                if lines:
                    report += [f"{title}:", *lines]
    except (KeyboardInterrupt, Timeout) as reason:
        say(f"Stopped: {reason}")
        return 130
    finally:
        if restart is not None:
            restart.cancelled.set()
        processes.stop_all()
        redis.stop()
    print()
    print("\n".join(report))
    (folder / "report.txt").write_text("\n".join(report) + "\n")
    ok = failed_total == 0 and checks and all(ok for _, ok, _ in checks) and not restart.error
    say(f"{'PASSED' if ok else 'FAILED'}: report in {folder / 'report.txt'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
