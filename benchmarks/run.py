"""Turnero benchmarks on PostgreSQL (loopback only, bounded in count and time).

1. Booking throughput and latency through the full HTTP stack (gunicorn, several workers,
   the JSON API with identities verified in setup through the email-code services), and the
   same booking transaction issued directly in SQL, so the ratio shows what the stack costs.
2. Availability (the calendar) under load.
3. Contention: many concurrent clients against few places: places taken, refusals, errors,
   overbooking (must be 0 errors and 0 overbooked).

Every phase also reports the CPU time per request of the gunicorn workers, of PostgreSQL and of
this load generator, and how busy the whole machine was: on a shared 2-core machine the
throughput depends on the other tenants, the CPU per request much less so, and a load generator
near a core's worth of CPU would mean it, not the server, sets the pace.

Run: make bench   (BENCH_DATABASE_URL, BENCH_PORT, BENCH_WORKERS, BENCH_BOOKINGS override)
"""

import datetime
import http.client
import json
import os
import platform
import re
import resource
import statistics
import subprocess
import sys
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
DATABASE_URL = os.environ.get(
    "BENCH_DATABASE_URL", "postgres://iess:iess@127.0.0.1:5432/iess_turnero_bench"
)
HOST = "127.0.0.1"
PORT = int(os.environ.get("BENCH_PORT", "8201"))
WORKERS = int(os.environ.get("BENCH_WORKERS", str(max(2, 2 * (os.cpu_count() or 1)))))
BOOKINGS = int(os.environ.get("BENCH_BOOKINGS", "300"))
SQL_BOOKINGS = BOOKINGS
AVAILABILITY_REQUESTS = int(os.environ.get("BENCH_AVAILABILITY", "300"))
CONCURRENCY = int(os.environ.get("BENCH_CONCURRENCY", "16"))
CONTENTION_CLIENTS = int(os.environ.get("BENCH_CONTENTION_CLIENTS", "100"))
CONTENTION_PLACES = 5
REQUEST_TIMEOUT = 30
MAX_SECONDS = 600

SERVER_ENV = {
    **os.environ,
    "DATABASE_URL": DATABASE_URL,
    "DEBUG": "0",
    "DOCUMENT_SIGNING_DEMO": "1",
    "SECRET_KEY": "benchmark-only-secret-key-0123456789-abcdefghijklmnop",
    "ALLOWED_HOSTS": HOST,
    "SECURE_SSL_REDIRECT": "0",
    "LOG_LEVEL": "WARNING",
    "CONN_MAX_AGE": "60",
    "PYTHONPATH": str(ROOT / "src"),
}
COMMANDS = []


def log(text: str) -> None:
    print(text, flush=True)


def run(command: list[str], env=None) -> None:
    COMMANDS.append(" ".join(command))
    subprocess.run(command, cwd=ROOT, env=env or SERVER_ENV, check=True)


def database_recreate() -> None:
    import psycopg

    parsed = urlparse(DATABASE_URL)
    name = parsed.path.lstrip("/")
    admin_url = DATABASE_URL.replace(parsed.path, "/postgres")
    with psycopg.connect(admin_url, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')


def database_drop() -> None:
    import psycopg

    parsed = urlparse(DATABASE_URL)
    admin_url = DATABASE_URL.replace(parsed.path, "/postgres")
    with psycopg.connect(admin_url, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{parsed.path.lstrip("/")}" WITH (FORCE)')


def django_setup() -> None:
    os.environ.update({k: v for k, v in SERVER_ENV.items() if k != "PYTHONPATH"})
    # Setup sends the verification emails at once into the database outbox to read the codes.
    os.environ["TASKS_BACKEND"] = "django_tasks.backends.immediate.ImmediateBackend"
    os.environ.pop("EMAIL_URL", None)
    os.environ["DJANGO_SETTINGS_MODULE"] = "iess.settings"
    sys.path.insert(0, str(ROOT / "src"))
    import django

    django.setup()


def fixtures_create() -> dict:
    """Agencies, one procedure, people with valid cédulas; identities verified through the
    email-code services (the code is read back from the outbox, as a person would)."""
    from django.db import transaction

    from iess.appointments import selectors, services
    from iess.appointments.models import Agency, AgencyService
    from iess.appointments.rules import local_today
    from iess.notifications.models import OutboxMessage
    from iess.notifications.services import email_verification_check
    from iess.registry.demo import cedula_from
    from iess.registry.models import Person
    from iess.registry.services import province_sync

    province_sync()
    services.procedure_type_sync(rows=[("clave-patronal-portal", "Clave patronal portal IESS")])
    procedure = selectors.procedure_get("clave-patronal-portal")
    wide = Agency.objects.create(
        name="CAU Benchmark", province_id="17", city="Quito", address="Loopback 1"
    )
    narrow = Agency.objects.create(
        name="CAU Contención", province_id="17", city="Quito", address="Loopback 2"
    )
    AgencyService.objects.create(agency=wide, procedure=procedure, counters=25, slot_minutes=20)
    AgencyService.objects.create(
        agency=narrow, procedure=procedure, counters=CONTENTION_PLACES, slot_minutes=20
    )
    total = BOOKINGS + SQL_BOOKINGS + CONTENTION_CLIENTS
    with transaction.atomic():
        Person.objects.bulk_create(
            Person(
                cedula=cedula_from(f"17{n:07d}"),
                first_names=f"Persona {n}",
                last_names="Benchmark",
                birth_date=datetime.date(1990, 1, 1),
                email=f"p{n}@bench.example.ec",
            )
            for n in range(total)
        )
    people = list(Person.objects.order_by("id"))
    verified = []
    for person in people[:BOOKINGS] + people[BOOKINGS + SQL_BOOKINGS :]:
        verification, _mobile = services.appointment_verification_start(
            person=person, email=person.email, mobile="0991234567"
        )
        body = OutboxMessage.objects.filter(to__contains=person.email).latest("id").body
        email_verification_check(
            verification_id=verification.id, code=re.search(r"\b(\d{6})\b", body).group(1)
        )
        verified.append((person, verification.id))
    # Free times: the working days after today, in booking order.
    starts = []
    day = local_today()
    while len(starts) * 25 < BOOKINGS + SQL_BOOKINGS + 50:
        day += datetime.timedelta(days=1)
        starts += [
            s.starts_at
            for s in selectors.availability_day(agency=wide, procedure=procedure, day=day)
        ]
    contention_start = next(
        s.starts_at
        for d in range(1, 10)
        for s in selectors.availability_day(
            agency=narrow, procedure=procedure, day=local_today() + datetime.timedelta(days=d)
        )
    )
    return {
        "procedure": procedure,
        "wide": wide,
        "narrow": narrow,
        "http_people": verified[:BOOKINGS],
        "contention_people": verified[BOOKINGS:],
        "sql_people": people[BOOKINGS : BOOKINGS + SQL_BOOKINGS],
        "starts": starts,
        "contention_start": contention_start,
    }


def server_start() -> subprocess.Popen:
    command = [
        str(Path(PYTHON).parent / "gunicorn"),
        "iess.wsgi:application",
        "--workers",
        str(WORKERS),
        "--bind",
        f"{HOST}:{PORT}",
        "--log-level",
        "warning",
        "--timeout",
        "60",
    ]
    COMMANDS.append(" ".join(command))
    process = subprocess.Popen(command, cwd=ROOT, env=SERVER_ENV)
    SERVER_PIDS.append(process.pid)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            status, _body, _ms = request("GET", "/api/v1/appointments/procedures")
            if status == 200:
                return process
        except OSError:
            pass
        time.sleep(0.3)
    process.terminate()
    raise RuntimeError("gunicorn did not answer in 30 s")


def request(method: str, path: str, body: dict | None = None, headers: dict | None = None):
    connection = http.client.HTTPConnection(HOST, PORT, timeout=REQUEST_TIMEOUT)
    payload = json.dumps(body) if body is not None else None
    all_headers = {"Content-Type": "application/json", **(headers or {})}
    started = time.perf_counter()
    try:
        connection.request(method, path, body=payload, headers=all_headers)
        response = connection.getresponse()
        data = response.read()
        return response.status, data, (time.perf_counter() - started) * 1000
    finally:
        connection.close()


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def summary(name: str, latencies: list[float], seconds: float, statuses: dict) -> dict:
    return {
        "name": name,
        "count": len(latencies),
        "seconds": seconds,
        "per_second": len(latencies) / seconds if seconds else 0.0,
        "p50": percentile(latencies, 0.50),
        "p99": percentile(latencies, 0.99),
        "mean": statistics.fmean(latencies),
        "statuses": statuses,
    }


CLOCK_TICKS = os.sysconf("SC_CLK_TCK")
SERVER_PIDS: list[int] = []


def _process_cpu_seconds(pid: int) -> float:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS  # utime + stime


def _processes() -> list[tuple[int, int, str]]:
    """(pid, parent pid, command name) of every process on the machine."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                head, tail = (entry / "stat").read_text().rsplit(")", 1)
            except OSError:
                continue
            found.append((int(entry.name), int(tail.split()[1]), head.split("(", 1)[1]))
    return found


def cpu_sample() -> dict:
    """CPU seconds used so far by the gunicorn workers, by PostgreSQL (all its processes: other
    users of the server count too), by this load generator, and by the whole machine."""
    processes = _processes()
    workers = [
        pid for pid, parent, _name in processes if parent in SERVER_PIDS or pid in SERVER_PIDS
    ]
    postgres = [pid for pid, _parent, name in processes if name.startswith("postgres")]
    usage = resource.getrusage(resource.RUSAGE_SELF)
    cpu_line = Path("/proc/stat").read_text().splitlines()[0].split()[1:]
    times = [int(value) for value in cpu_line]
    idle = times[3] + times[4]
    busy = sum(times[:8]) - idle
    return {
        "server": sum(_process_cpu_seconds(pid) for pid in workers),
        "postgres": sum(_process_cpu_seconds(pid) for pid in postgres),
        "client": usage.ru_utime + usage.ru_stime,
        "machine_busy": busy / CLOCK_TICKS,
        "machine_idle": idle / CLOCK_TICKS,
    }


def load(name: str, jobs: list, concurrency: int) -> dict:
    latencies, statuses = [], {}
    lock = threading.Lock()

    def one(job):
        status, _body, ms = job()
        with lock:
            latencies.append(ms)
            statuses[status] = statuses.get(status, 0) + 1

    before = cpu_sample()
    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=concurrency) as pool:
        list(pool.map(one, jobs, timeout=MAX_SECONDS))
    result = summary(name, latencies, time.perf_counter() - started, statuses)
    after = cpu_sample()
    used = {key: after[key] - before[key] for key in before}
    result["cpu_ms"] = {
        key: used[key] * 1000 / max(len(latencies), 1) for key in ("server", "postgres", "client")
    }
    total = used["machine_busy"] + used["machine_idle"]
    result["machine_busy"] = used["machine_busy"] / total if total else 0.0
    return result


def booking_job(person, verification_id, agency_id, starts_at):
    body = {
        "verification_id": str(verification_id),
        "identity": person.cedula,
        "procedure": "clave-patronal-portal",
        "agency": agency_id,
        "starts_at": starts_at.isoformat(),
        "mobile": "0991234567",
    }
    key = uuid.uuid4().hex
    return lambda: request("POST", "/api/v1/appointments/bookings", body, {"Idempotency-Key": key})


# One connection per client thread, as the HTTP workers keep theirs (CONN_MAX_AGE).
SQL_CONNECTIONS = threading.local()
SQL_OPENED = []


def sql_booking_job(dsn, person, agency_id, procedure_id, starts_at, minutes, capacity, code):
    """The booking transaction the service runs, written directly in SQL."""
    import psycopg

    def job():
        if not hasattr(SQL_CONNECTIONS, "connection"):
            SQL_CONNECTIONS.connection = psycopg.connect(dsn)
            SQL_OPENED.append(SQL_CONNECTIONS.connection)
        connection = SQL_CONNECTIONS.connection
        started = time.perf_counter()
        with connection.transaction():
            connection.execute(
                "SELECT id FROM registry_person WHERE id = %s FOR UPDATE", [person.pk]
            )
            connection.execute(
                "SELECT id, status, starts_at FROM appointments_appointment"
                " WHERE holder_key = %s AND procedure_id = %s"
                " AND status IN ('booked', 'checked_in')",
                [person.cedula, procedure_id],
            ).fetchall()
            connection.execute(
                "SELECT count(*) FROM appointments_appointment WHERE booked_by_id = %s"
                " AND status IN ('booked', 'checked_in') AND starts_at > now()",
                [person.pk],
            ).fetchone()
            row = connection.execute(
                "INSERT INTO appointments_slot (agency_id, procedure_id, starts_at, ends_at,"
                " capacity, booked) VALUES (%s, %s, %s, %s, %s, 1)"
                " ON CONFLICT (agency_id, procedure_id, starts_at) DO UPDATE"
                " SET booked = appointments_slot.booked + 1"
                " WHERE appointments_slot.booked < appointments_slot.capacity RETURNING id",
                [
                    agency_id,
                    procedure_id,
                    starts_at,
                    starts_at + datetime.timedelta(minutes=minutes),
                    capacity,
                ],
            ).fetchone()
            if row is None:
                return 409, b"", (time.perf_counter() - started) * 1000
            connection.execute(
                "INSERT INTO appointments_appointment (code, procedure_id, agency_id, slot_id,"
                " starts_at, booked_by_id, holder_id, holder_key, holder_name, is_proxy, email,"
                " mobile, status, idempotency_key, created_at, affected_reason)"
                " VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, false, %s, %s, 'booked', %s,"
                " now(), '')",
                [
                    code,
                    procedure_id,
                    agency_id,
                    row[0],
                    starts_at,
                    person.pk,
                    person.pk,
                    person.cedula,
                    person.full_name,
                    person.email,
                    "+593991234567",
                    uuid.uuid4().hex,
                ],
            )
        return 201, b"", (time.perf_counter() - started) * 1000

    return job


def machine() -> dict:
    import psycopg

    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    with psycopg.connect(DATABASE_URL) as connection:
        version = connection.execute("SHOW server_version").fetchone()[0]
    return {
        "load": " ".join(Path("/proc/loadavg").read_text().split()[:3]),
        "nproc": os.cpu_count(),
        "cpu": cpu,
        "postgresql": version,
        "python": platform.python_version(),
    }


def report_line(result: dict) -> str:
    cpu = result["cpu_ms"]
    return (
        f"{result['name']:<38} n={result['count']:<5} {result['per_second']:8.1f}/s  "
        f"p50={result['p50']:7.1f} ms  p99={result['p99']:7.1f} ms  statuses={result['statuses']}\n"
        f"{'':<38} CPU per request: server {cpu['server']:.1f} ms, PostgreSQL "
        f"{cpu['postgres']:.1f} ms, load generator {cpu['client']:.1f} ms; "
        f"machine busy {result['machine_busy']:.0%}"
    )


LOAD_BEFORE = ""


def main() -> int:
    global LOAD_BEFORE
    LOAD_BEFORE = " ".join(Path("/proc/loadavg").read_text().split()[:3])
    began = time.monotonic()
    log(f"== database {DATABASE_URL}")
    database_recreate()
    run([PYTHON, "manage.py", "migrate", "--noinput", "-v", "0"])
    django_setup()
    log("== fixtures (people verified through the email-code services)")
    data = fixtures_create()
    from iess.appointments.models import Appointment, Slot
    from iess.appointments.services import _new_code

    server = server_start()
    try:
        log(f"== gunicorn {WORKERS} workers on {HOST}:{PORT}, {CONCURRENCY} concurrent clients")
        wide = data["wide"]
        starts = data["starts"]
        http_jobs = [
            booking_job(person, verification, wide.pk, starts[n // 25])
            for n, (person, verification) in enumerate(data["http_people"])
        ]
        http_result = load("booking via HTTP (JSON API)", http_jobs, CONCURRENCY)

        sql_starts = starts[len(http_jobs) // 25 + 1 :]
        sql_jobs = [
            sql_booking_job(
                DATABASE_URL,
                person,
                wide.pk,
                data["procedure"].pk,
                sql_starts[n // 25],
                20,
                25,
                _new_code(),
            )
            for n, person in enumerate(data["sql_people"])
        ]
        sql_result = load("same booking transaction in SQL", sql_jobs, CONCURRENCY)
        for connection in SQL_OPENED:
            connection.close()

        path = f"/api/v1/appointments/availability?agency={wide.pk}&procedure=clave-patronal-portal"
        availability_result = load(
            "availability (30-day calendar) via HTTP",
            [lambda: request("GET", path) for _ in range(AVAILABILITY_REQUESTS)],
            CONCURRENCY,
        )

        narrow = data["narrow"]
        contention_jobs = [
            booking_job(person, verification, narrow.pk, data["contention_start"])
            for person, verification in data["contention_people"]
        ]
        contention = load("contention via HTTP", contention_jobs, CONTENTION_CLIENTS)
    finally:
        server.terminate()
        server.wait(timeout=30)

    slot = Slot.objects.get(agency=data["narrow"], starts_at=data["contention_start"])
    taken = Appointment.objects.filter(agency=data["narrow"], status="booked").count()
    refusals = contention["statuses"].get(409, 0)
    errors = sum(
        count for status, count in contention["statuses"].items() if status not in (201, 409)
    )
    overbooked = max(0, taken - CONTENTION_PLACES) + max(0, slot.booked - slot.capacity)
    wide_overbooked = Slot.objects.filter(agency=data["wide"], booked__gt=25).count()
    info = machine()

    log("")
    log("== machine")
    log(
        f"nproc={info['nproc']}  cpu={info['cpu']}  PostgreSQL {info['postgresql']}  "
        f"Python {info['python']}"
    )
    log(f"load average before the run: {LOAD_BEFORE}, after: {info['load']}")
    log("== commands")
    for command in COMMANDS:
        log(f"  {command}")
    log("== results")
    for result in (http_result, sql_result, availability_result):
        log(report_line(result))
    ratio = sql_result["per_second"] / http_result["per_second"] if http_result["per_second"] else 0
    log(
        f"stack cost: SQL transaction is {ratio:.1f}x the HTTP booking throughput "
        f"(p50 {http_result['p50']:.1f} ms vs {sql_result['p50']:.1f} ms)"
    )
    log(report_line(contention))
    log(
        f"contention: {CONTENTION_CLIENTS} clients, {CONTENTION_PLACES} places -> taken={taken} "
        f"refusals={refusals} errors={errors} overbooked={overbooked + wide_overbooked}"
    )
    log(f"total time {time.monotonic() - began:.1f} s")
    database_drop()
    ok = errors == 0 and overbooked == 0 and wide_overbooked == 0 and taken == CONTENTION_PLACES
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
