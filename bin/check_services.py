"""Stop at once, with one line saying how to start it, if PostgreSQL or Redis is unreachable."""

import os
import sys
from urllib.parse import urlsplit

import psycopg2
import redis

DATABASE_URL = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/postgres")
REDIS_URL = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0")

HOW_TO = {
    "PostgreSQL": "pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start",
    "Redis": 'redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no',
}


def main() -> int:
    problems = []
    database = urlsplit(DATABASE_URL)
    try:
        psycopg2.connect(
            host=database.hostname,
            port=database.port or 5432,
            user=database.username or "postgres",
            password=database.password or "",
            dbname="postgres",
            connect_timeout=3,
        ).close()
    except psycopg2.OperationalError:
        problems.append("PostgreSQL")
    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=3).ping()
    except redis.RedisError:
        problems.append("Redis")
    for service in problems:
        print(f"{service} is not reachable: start it with `{HOW_TO[service]}`.", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
