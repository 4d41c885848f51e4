"""Clinic load: 200 simulated patients each log a day over HTTP while one clinician keeps
refreshing the panel, on SQLite and on PostgreSQL, as requests/s and p50/p95 per request kind.

Report only: prints a Markdown section. Never asserts on time.
    .venv/bin/python benchmarks/bench_clinic.py

Set-up, per backend and per number of app processes:
- a fresh database, seeded in this process BEFORE the server starts: 200 patient accounts (a
  person, a profile and one magnesium product each) and one clinician with access to all 200.
  The password is hashed once with argon2-cffi's default parameters (what a real clinic uses)
  and that one hash is written for every account directly through the repositories, so seeding
  takes a second instead of 200 full hashes;
- the real server, ``magnerve serve`` in clinic mode, in its own process;
- every account signs in over HTTP (the server verifies the argon2 hash), then the load runs:
  each patient logs pain, two doses and three foods and reads the day, 50 patients at a time,
  while the clinician refreshes the panel in a loop until the last patient is done.

PostgreSQL runs in a throwaway cluster (``tests/postgres_cluster.py``); without the
PostgreSQL binaries its rows say "not measured" and the benchmark still succeeds.
"""

from __future__ import annotations

import asyncio
import os
import secrets
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path

import httpx2

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))  # the throwaway PostgreSQL cluster helper

PATIENTS = int(os.environ.get("BENCH_CLINIC_PATIENTS", "200"))  # smaller for a trial run
CONCURRENT_PATIENTS = 50
SIGN_IN_CONCURRENCY = 4  # argon2 takes 64 MiB per verification; keep the server's memory sane
WORKER_COUNTS = tuple(int(w) for w in os.environ.get("BENCH_CLINIC_WORKERS", "1,2").split(","))
PASSWORD = "quiet river lantern morning"
PRODUCT = "Bench glycinate"
SECRET_KEY = "Kq7vN2xR9tLm4pW8zH3cB6yF1jD5sG0aUeXiOnTrVbMwQkPl"  # fixed, 48 characters
FOODS = (("1 oz almonds", "breakfast"), ("1 cup cooked spinach", "lunch"), ("1 banana", "dinner"))

KINDS = ("sign-in", "patient write", "patient read", "panel refresh")


@dataclass
class Run:
    backend: str
    workers: int
    seconds: float = 0.0  # the load phase, wall clock, until the last panel refresh ends
    patient_seconds: float = 0.0  # until the last patient is done
    sign_in_seconds: float = 0.0
    sign_in_path: str = ""
    panel_path: str = ""
    latencies: dict[str, list[float]] = field(default_factory=lambda: {k: [] for k in KINDS})
    errors: Counter[str] = field(default_factory=Counter)

    def seconds_for(self, kind: str) -> float:
        """What req/s divides by: patients' requests by the patients' own time."""
        if kind == "sign-in":
            return self.sign_in_seconds
        return self.patient_seconds if kind.startswith("patient") else self.seconds

    def record(self, kind: str, started: float, response: httpx2.Response, ok: range) -> None:
        self.latencies[kind].append((time.perf_counter() - started) * 1000)
        if response.status_code not in ok:
            self.errors[f"{kind}: {response.status_code} {_code(response)}"] += 1


def _code(response: httpx2.Response) -> str:
    """The error code of a JSON error answer (never the body itself: it may hold health data)."""
    try:
        body = response.json()
    except ValueError:
        return "(not JSON)"
    return str(body.get("code", "")) if isinstance(body, dict) else ""


def p(values: list[float], q: int) -> float:
    if len(values) < 2:
        return values[0] if values else float("nan")
    return statistics.quantiles(values, n=100)[q - 1]


def ratio(a: float, b: float) -> str:
    return f"{a / b:.2f}" if b and a == a and b == b else "–"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


# -- seeding -------------------------------------------------------------------------------------
def one_hash() -> tuple[str, float]:
    from argon2 import PasswordHasher

    from magnerve.domain.passwords import normalise

    started = time.perf_counter()
    hashed = PasswordHasher().hash(normalise(PASSWORD))
    return hashed, time.perf_counter() - started


def seed(url: str, data_dir: Path, password_hash: str) -> None:
    from magnerve.bootstrap import Magnerve
    from magnerve.config import Settings
    from magnerve.domain.access import Role
    from magnerve.domain.patient import DiabetesType, Profile, Sex
    from magnerve.domain.regimen import SupplementProduct
    from magnerve.services.unit_of_work import transaction

    app = Magnerve(Settings(database_url=url, data_dir=data_dir, mode="clinic"))
    now = datetime.now(UTC)
    try:
        with transaction(app.engine) as repos:  # the engine migrates the schema on first use
            clinician = repos.accounts.create(
                email="clinician@bench.example.org",
                display_name="Bench Clinician",
                role=Role.clinician,
                password_hash=password_hash,
                person_id=None,
                now=now,
            )
            for i in range(PATIENTS):
                person = repos.people.create(
                    f"bench-{i:03d}", f"Patient {i:03d}", is_example=False, now=now
                )
                repos.accounts.create(
                    email=f"patient{i:03d}@bench.example.org",
                    display_name=f"Patient {i:03d}",
                    role=Role.patient,
                    password_hash=password_hash,
                    person_id=person.id,
                    now=now,
                )
                profile = Profile(
                    age_years=55 + i % 25,
                    age_as_of=date.today(),
                    sex=Sex.female if i % 2 else Sex.male,
                    diabetes=DiabetesType.type2,
                )
                repos.profiles.save(person.id, profile, now=now)
                product = SupplementProduct(
                    id=0,
                    name=PRODUCT,
                    brand=None,
                    form_id="bisglycinate",
                    basis="elemental",
                    label_mg_per_serving=120.0,
                    elemental_mg_per_serving=120.0,
                    serving_unit="capsule",
                )
                repos.supplements.add_product(person.id, product, now=now)
                repos.grants.add(person.id, clinician.id, now=now)
    finally:
        app.close()


# -- the server ----------------------------------------------------------------------------------
@contextmanager
def server(url: str, data_dir: Path, food_dir: Path, workers: int) -> Iterator[str]:
    port = free_port()
    env = {
        **os.environ,
        "PYTHONUNBUFFERED": "1",
        "MAGNERVE_MODE": "clinic",
        "MAGNERVE_SECRET_KEY": SECRET_KEY,
        "MAGNERVE_SECURE_COOKIES": "false",
        "MAGNERVE_DATABASE_URL": url,
        "MAGNERVE_DATA_DIR": str(data_dir),
        "MAGNERVE_FOOD_DB_DIR": str(food_dir),
    }
    cmd = [sys.executable, "-m", "magnerve", "serve", "--port", str(port)]
    cmd += ["--workers", str(workers)]
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                if httpx2.get(base + "/api/v1/health").status_code == 200:
                    break
            except httpx2.HTTPError:
                pass
            if time.monotonic() > deadline or proc.poll() is not None:
                raise SystemExit("the clinic benchmark server did not start")
            time.sleep(0.2)
        yield base
    finally:
        proc.terminate()
        proc.wait(timeout=30)


# -- signing in ----------------------------------------------------------------------------------
async def csrf(client: httpx2.AsyncClient) -> str:
    response = await client.get("/api/v1/csrf")
    response.raise_for_status()
    return str(response.json()["csrf_token"])


async def sign_in(client: httpx2.AsyncClient, email: str, run: Run) -> None:
    """API first (POST /api/v1/session), then the sign-in form; the path used is reported."""
    token = await csrf(client)
    started = time.perf_counter()
    if run.sign_in_path in ("", "POST /api/v1/session"):
        response = await client.post(
            "/api/v1/session",
            json={"email": email, "password": PASSWORD},
            headers={"X-CSRF-Token": token},
        )
        if response.status_code in (404, 405) and not run.sign_in_path:
            run.sign_in_path = "POST /signin (form)"
        else:
            run.sign_in_path = "POST /api/v1/session"
            run.record("sign-in", started, response, range(200, 300))
    if run.sign_in_path == "POST /signin (form)":
        started = time.perf_counter()
        response = await client.post(
            "/signin",
            data={"email": email, "password": PASSWORD, "csrf_token": token, "next": "/"},
            follow_redirects=False,
        )
        run.record("sign-in", started, response, range(300, 400))
    client.headers["X-CSRF-Token"] = await csrf(client)  # a new token after signing in


# -- the load ------------------------------------------------------------------------------------
async def timed(
    run: Run, kind: str, client: httpx2.AsyncClient, method: str, path: str, **kw: object
) -> None:
    started = time.perf_counter()
    response = await client.request(method, path, **kw)  # type: ignore[arg-type]
    run.record(kind, started, response, range(200, 300))


async def patient_day(client: httpx2.AsyncClient, run: Run, i: int) -> None:
    write = "patient write"
    await timed(run, write, client, "POST", "/api/v1/diary/pain", json={"score": 3 + i % 5})
    for time_of_day in ("08:00", "20:00"):
        body = {"product": PRODUCT, "servings": 1, "time": time_of_day}
        await timed(run, write, client, "POST", "/api/v1/supplements/doses", json=body)
    for text, meal in FOODS:
        body = {"text": text, "meal": meal}
        await timed(run, write, client, "POST", "/api/v1/intake", json=body)
    await timed(run, "patient read", client, "GET", "/api/v1/today")
    await timed(run, "patient read", client, "GET", "/api/v1/intake")


async def panel_loop(client: httpx2.AsyncClient, run: Run, done: asyncio.Event) -> None:
    started = time.perf_counter()
    probe = await client.get("/api/v1/panel")
    if probe.status_code != 404:  # the first refresh counts
        run.panel_path = "GET /api/v1/panel"
        run.record("panel refresh", started, probe, range(200, 300))
    else:
        run.panel_path = "GET /panel (page)"
    path = run.panel_path.split()[1]
    while not done.is_set():
        await timed(run, "panel refresh", client, "GET", path)


async def load(base: str, run: Run) -> None:
    def new_client() -> httpx2.AsyncClient:
        limits = httpx2.Limits(max_connections=1, max_keepalive_connections=1)
        return httpx2.AsyncClient(base_url=base, limits=limits, timeout=300)

    patients = [new_client() for _ in range(PATIENTS)]
    clinician = new_client()
    try:
        gate = asyncio.Semaphore(SIGN_IN_CONCURRENCY)

        async def signed(client: httpx2.AsyncClient, email: str) -> None:
            async with gate:
                await sign_in(client, email, run)

        started = time.perf_counter()
        await signed(clinician, "clinician@bench.example.org")  # settles the sign-in path
        await asyncio.gather(
            *(signed(c, f"patient{i:03d}@bench.example.org") for i, c in enumerate(patients))
        )
        run.sign_in_seconds = time.perf_counter() - started

        done = asyncio.Event()
        busy = asyncio.Semaphore(CONCURRENT_PATIENTS)

        async def one(i: int) -> None:
            async with busy:
                await patient_day(patients[i], run, i)

        started = time.perf_counter()
        refresher = asyncio.create_task(panel_loop(clinician, run, done))
        await asyncio.gather(*(one(i) for i in range(PATIENTS)))
        run.patient_seconds = time.perf_counter() - started
        done.set()
        await refresher
        run.seconds = time.perf_counter() - started
    finally:
        for client in (*patients, clinician):
            await client.aclose()


def measure(backend: str, url: str, data_dir: Path, food_dir: Path, workers: int) -> Run:
    run = Run(backend, workers)
    with server(url, data_dir, food_dir, workers) as base:
        asyncio.run(load(base, run))
    counts = ", ".join(f"{k} {len(v)}" for k, v in run.latencies.items())
    sys.stderr.write(f"{backend}, {workers} process(es): {run.seconds:.1f} s; {counts}\n")
    return run


# -- backends ------------------------------------------------------------------------------------
def food_dir() -> Path:
    from magnerve.config import Settings
    from magnerve.storage.fooddb import FoodDatabase

    directory = Settings().food_db_dir
    FoodDatabase.open_or_build(directory).close()
    return directory


def main() -> None:
    foods = food_dir()
    password_hash, hash_seconds = one_hash()
    runs: list[Run] = []
    postgres_note = ""
    with tempfile.TemporaryDirectory() as tmp:
        for workers in WORKER_COUNTS:
            data_dir = Path(tmp) / f"sqlite-{workers}"
            data_dir.mkdir()
            url = f"sqlite:///{data_dir / 'clinic.sqlite3'}"
            seed(url, data_dir, password_hash)
            runs.append(measure("SQLite", url, data_dir, foods, workers))
        try:
            from postgres_cluster import PostgresUnavailable, start_cluster
        except ImportError as exc:  # pragma: no cover - the helper lives in tests/
            PostgresUnavailable, start_cluster = RuntimeError, None  # type: ignore[assignment,misc]
            postgres_note = f"PostgreSQL not measured: {exc}"
        cluster = None
        if start_cluster is not None:
            try:
                cluster = start_cluster()
            except (PostgresUnavailable, OSError, subprocess.CalledProcessError) as exc:
                postgres_note = f"PostgreSQL not measured: {exc}"
        if cluster is not None:
            try:
                for workers in WORKER_COUNTS:
                    data_dir = Path(tmp) / f"pg-{workers}"
                    data_dir.mkdir()
                    url = cluster.create_database(f"bench_clinic_{workers}_{secrets.token_hex(3)}")
                    seed(url, data_dir, password_hash)
                    runs.append(measure("PostgreSQL", url, data_dir, foods, workers))
            finally:
                cluster.stop()
    sys.stdout.write(report(runs, hash_seconds, postgres_note))


# -- the report ----------------------------------------------------------------------------------
def report(runs: list[Run], hash_seconds: float, postgres_note: str) -> str:
    first = runs[0]
    lines = [
        f"### Clinic load: {PATIENTS} patients logging a day, one clinician refreshing the panel",
        "",
        f"Set-up: `magnerve serve` in clinic mode on loopback, 1 or 2 app processes (2 cores); "
        f"{CONCURRENT_PATIENTS} patients at a time, each signed in with their own session and "
        f"logging pain, 2 doses and 3 foods (6 writes) then reading the day and the food list "
        f"(2 reads); the clinician refreshes {first.panel_path or 'the panel'} ({PATIENTS} "
        f"patients shared) in a loop until the last patient is done. Sign-in: "
        f"{first.sign_in_path}, {SIGN_IN_CONCURRENCY} at a time, argon2id with the default "
        f"parameters; seeding hashed the password once ({hash_seconds * 1000:.0f} ms) and wrote "
        f"that hash for all {PATIENTS + 1} accounts through the repositories (hashing each would "
        f"have taken about {hash_seconds * (PATIENTS + 1):.0f} s).",
        "",
        "| backend | processes | request kind | requests | req/s | p50 ms | p95 ms | errors |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for run in runs:
        for kind in KINDS:
            values = run.latencies[kind]
            seconds = run.seconds_for(kind) or float("nan")
            errors = sum(n for key, n in run.errors.items() if key.startswith(kind + ":"))
            lines.append(
                f"| {run.backend} | {run.workers} | {kind} | {len(values)} | "
                f"{len(values) / seconds:.1f} | {p(values, 50):.0f} | {p(values, 95):.0f} | "
                f"{errors} |"
            )
        total = sum(len(run.latencies[k]) for k in KINDS if k != "sign-in")
        lines.append(
            f"| {run.backend} | {run.workers} | **all load requests** | {total} | "
            f"{total / run.seconds:.1f} | | | {sum(run.errors.values())} |"
        )
    lines.append("")
    pairs = [
        (s, g)
        for s in runs
        for g in runs
        if s.backend == "SQLite" and g.backend == "PostgreSQL" and s.workers == g.workers
    ]
    if pairs:
        lines.append("PostgreSQL / SQLite (above 1 means PostgreSQL is higher):")
        lines.append("")
        lines.append("| processes | request kind | req/s ratio | p95 ratio |")
        lines.append("|---|---|---|---|")
        for s, g in pairs:
            for kind in KINDS[1:]:
                rs = len(s.latencies[kind]) / s.seconds_for(kind)
                rg = len(g.latencies[kind]) / g.seconds_for(kind)
                ps, pg = p(s.latencies[kind], 95), p(g.latencies[kind], 95)
                lines.append(f"| {s.workers} | {kind} | {ratio(rg, rs)} | {ratio(pg, ps)} |")
        lines.append("")
    else:
        lines.append(postgres_note or "PostgreSQL not measured.")
        lines.append("")
    for run in runs:
        lines.append(
            f"- {run.backend}, {run.workers} process(es): patients done in "
            f"{run.patient_seconds:.1f} s, load phase {run.seconds:.1f} s; "
            f"{PATIENTS + 1} sign-ins took {run.sign_in_seconds:.1f} s."
        )
        for key, n in sorted(run.errors.items()):
            lines.append(f"  - non-2xx answers: {n} × {key}")
    lines.append("")
    lines.append(
        "The panel reads every shared patient's findings, labs and trial on each refresh (and "
        "writes one audit entry per patient read), so one refresh costs about as much as "
        f"{PATIENTS} patient pages; see [scaling.md](scaling.md)."
    )
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    main()
