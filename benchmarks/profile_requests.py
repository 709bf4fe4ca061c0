"""Where one booking request and one calendar request spend their time, in-process.

Builds a small PostgreSQL database with benchmarks/run.py's fixtures, then sends the JSON API
requests through Django's test client (the whole middleware stack, no network) and prints, for
each: the queries (count and SQL), and a cProfile summary by cumulative time.

Run: BENCH_DATABASE_URL=postgres://... BENCH_BOOKINGS=40 .venv/bin/python benchmarks/profile_requests.py
"""

import cProfile
import io
import os
import pstats
import sys
import time
import uuid
from pathlib import Path

os.environ.setdefault("BENCH_BOOKINGS", "40")
os.environ.setdefault("BENCH_CONTENTION_CLIENTS", "0")
sys.path.insert(0, str(Path(__file__).resolve().parent))

import run as bench  # noqa: E402

ROUNDS = int(os.environ.get("PROFILE_ROUNDS", "40"))


def profiled(name, calls):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    # The first call warms imports, caches and the connection; it is not counted.
    calls[0]()
    with CaptureQueriesContext(connection) as queries:
        status = calls[1]()
    print(f"\n== {name}: status {status}, {len(queries)} queries")
    for query in queries.captured_queries:
        print(f"  {query['time']}s  {query['sql'][:160]}")
    # Half the rounds measured plainly (this process's CPU: Django and psycopg, not PostgreSQL),
    # half under cProfile (which slows them down about twofold).
    plain, rest = calls[2 : 2 + len(calls[2:]) // 2], calls[2 + len(calls[2:]) // 2 :]
    cpu, wall = time.process_time(), time.perf_counter()
    for call in plain:
        call()
    print(
        f"-- {len(plain)} requests without profiler: "
        f"{(time.process_time() - cpu) * 1000 / len(plain):.1f} ms CPU, "
        f"{(time.perf_counter() - wall) * 1000 / len(plain):.1f} ms wall each"
    )
    profile = cProfile.Profile()
    started = time.perf_counter()
    profile.enable()
    for call in rest:
        call()
    profile.disable()
    rounds = len(rest)
    print(
        f"-- {rounds} requests under cProfile: {(time.perf_counter() - started) * 1000 / rounds:.1f} ms each"
    )
    out = io.StringIO()
    pstats.Stats(profile, stream=out).sort_stats(
        os.environ.get("PROFILE_SORT", "cumulative")
    ).print_stats(35)
    print(out.getvalue())


def main() -> int:
    bench.database_recreate()
    bench.run([bench.PYTHON, "manage.py", "migrate", "--noinput", "-v", "0"])
    bench.django_setup()
    data = bench.fixtures_create()
    from django.test import Client, override_settings

    # As the server runs: the confirmation task goes to the database queue, not into the request.
    override_settings(TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}).enable()

    client = Client(HTTP_HOST=bench.HOST)
    wide = data["wide"]
    people = data["http_people"]

    def booking(n):
        person, verification = people[n]

        def call():
            response = client.post(
                "/api/v1/appointments/bookings",
                {
                    "verification_id": str(verification),
                    "identity": person.cedula,
                    "procedure": "clave-patronal-portal",
                    "agency": wide.pk,
                    "starts_at": data["starts"][n // 25].isoformat(),
                    "mobile": "0991234567",
                },
                content_type="application/json",
                headers={"Idempotency-Key": uuid.uuid4().hex},
            )
            return response.status_code

        return call

    def calendar():
        return client.get(
            f"/api/v1/appointments/availability?agency={wide.pk}&procedure=clave-patronal-portal"
        ).status_code

    try:
        profiled(
            "booking (POST /api/v1/appointments/bookings)", [booking(n) for n in range(ROUNDS)]
        )
        profiled("calendar (GET /api/v1/appointments/availability)", [calendar] * ROUNDS)
        profiled(
            "a one-query request, for the fixed cost (GET /api/v1/appointments/procedures)",
            [lambda: client.get("/api/v1/appointments/procedures").status_code] * ROUNDS,
        )
    finally:
        from django.db import connections

        connections.close_all()
        bench.database_drop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
