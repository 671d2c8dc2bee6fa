#!/usr/bin/env python3
"""Benchmark (DESIGN §6, issue "Plan and apply"): on the generated corpus (10,000 tenant files,
100,000 routes; `bench-reconcile.sh --routes N` for another size), side by side in one run:

              `switchboard validate` (time and peak memory), beside libyaml's events alone
              (scripts/yaml-floor.c: every file read and parsed, nothing built)
  PostgreSQL  a first `switchboard plan` against an empty database (time and peak memory)
  PostgreSQL  first `switchboard reconcile` into an empty database (migrations included)
              the same routes loaded with `psql \\copy`
              every row that reconcile wrote (all tables), loaded with `psql \\copy` in one
              transaction: the floor of its write phase; with libyaml's events, the floor of
              the whole reconcile
              a psql script of one INSERT ... ON CONFLICT per route in one transaction
              a no-op `switchboard plan` (time, peak memory, and against \\copy)
              a no-op plan of 4 targets (`targets:`, 4 databases of every route) beside the one above
  SQLite      first reconcile into a new file, and a no-op plan (with the sqlite3 shell's .import,
              a per-row script and a copy of every row that reconcile wrote, the floor of its
              write phase and, with libyaml's events, of the whole reconcile, when the sqlite3
              shell is installed)

Run it through scripts/bench-reconcile.sh (release build, throwaway PostgreSQL).
Usage: bench-reconcile.py SWITCHBOARD CORPUS ROUTES_CSV
"""
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

RUNS = int(os.environ.get("BENCH_RUNS", "3"))


def timed(command, **kwargs):
    start = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, **kwargs)
    return time.perf_counter() - start


def yaml_floor(corpus, scratch):
    """Median seconds of scripts/yaml-floor.c over the corpus (read and parse, nothing built), or
    None without a C compiler."""
    compiler = shutil.which("cc") or shutil.which("gcc") or shutil.which("clang")
    if not compiler:
        return None
    binary = os.path.join(scratch, "yaml-floor")
    source = os.path.join(os.path.dirname(os.path.abspath(__file__)), "yaml-floor.c")
    subprocess.run([compiler, "-O2", "-o", binary, source, "-lyaml", "-lpthread"], check=True)
    return median_of([timed([binary, corpus]) for _ in range(RUNS)])


def reconcile_phases(command):
    """Runs a reconcile with --timings; returns (total seconds, write + commit seconds, peak MB, timings line)."""
    start = time.perf_counter()
    process = subprocess.Popen(command + ["--timings"], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    stderr = process.stderr.read()
    _, status, usage = os.wait4(process.pid, 0)
    total = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        raise subprocess.CalledProcessError(os.waitstatus_to_exitcode(status), command, stderr=stderr)
    line = next(l for l in stderr.splitlines() if l.startswith("timings:"))
    phases = dict((part.rsplit(" ", 2)[0].strip(), float(part.rsplit(" ", 2)[1])) for part in line[len("timings:"):].split(";")[0].split(","))
    return total, phases["write"] + phases["commit"], usage.ru_maxrss / 1024, line


def measured(command):
    """Runs a command; returns (seconds, peak resident memory in MB) of that process alone."""
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) not in (0, 2):  # 2: plan --detailed-exitcode style "changes"
        raise subprocess.CalledProcessError(os.waitstatus_to_exitcode(status), command)
    return seconds, usage.ru_maxrss / 1024


def median_of(runs):
    return statistics.median(runs)


def copy_every_row(source, target, scratch):
    """The psql command that loads into `target` (migrated, empty) every row a first reconcile
    wrote into `source`, table by table with `\\copy`, in one transaction: the bulk load of exactly
    what the reconcile writes, tenants first (the channels' foreign key)."""
    tables = subprocess.run(["psql", source, "-Atc",
                             "SELECT relname FROM pg_class WHERE relkind = 'r' AND relnamespace = 'public'::regnamespace "
                             "AND relname <> 'switchboard_migrations' ORDER BY relname <> 'tenants', relname"],
                            check=True, capture_output=True, text=True).stdout.split()
    command = ["psql", target, "-q", "-1"]
    for table in tables:
        data = os.path.join(scratch, f"every-{table}.copy")
        if not os.path.exists(data):
            subprocess.run(["psql", source, "-qc", f"\\copy {table} TO '{data}'"], check=True)
        command += ["-c", f"\\copy {table} FROM '{data}'"]
    return command


def main():
    switchboard, corpus, routes_csv = sys.argv[1:4]
    admin = os.environ["SWITCHBOARD_TEST_POSTGRES_URL"]
    scratch = tempfile.mkdtemp()
    routes = sum(1 for _ in open(routes_csv))
    per_row_sql = os.path.join(scratch, "per-row.sql")
    with open(per_row_sql, "w") as script, open(routes_csv) as rows:
        script.write("BEGIN;\n")
        for line in rows:
            channel, key, tenant = line.strip().split(",")
            script.write(
                f"INSERT INTO tenant_routing (channel, key, tenant_id, is_active, updated_at) "
                f"VALUES ('{channel}', '{key}', {tenant}, TRUE, now()) ON CONFLICT (channel, key) "
                f"DO UPDATE SET tenant_id = EXCLUDED.tenant_id, is_active = TRUE, updated_at = now();\n")
        script.write("COMMIT;\n")

    def database(name):
        subprocess.run(["psql", admin, "-q", "-c", f"DROP DATABASE IF EXISTS {name}", "-c", f"CREATE DATABASE {name}"],
                       check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        return admin.rsplit("/", 1)[0] + "/" + name

    def migrated(name):
        url = database(name)
        subprocess.run([switchboard, "migrate", "--database", url], check=True, stdout=subprocess.DEVNULL)
        return url

    def settled(databases, dropping=()):
        """Before a no-op plan is timed: the anchors' databases dropped, `databases` vacuumed and
        analysed (as autovacuum leaves a database within a minute of a bulk load), and the corpus
        read. Otherwise the anchors' autovacuum and their pages ran beside the plan: a single 1M
        no-op plan there measured 8.4 to 10.0 s, 6.0 to 6.3 s alone."""
        for name in dropping:
            subprocess.run(["psql", admin, "-q", "-c", f"DROP DATABASE IF EXISTS {name}"], check=True,
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        for url in databases:
            subprocess.run(["psql", url, "-q", "-c", "VACUUM (ANALYZE)"], check=True, stdout=subprocess.DEVNULL)
        # The files back in the page cache, as for every other figure: the anchors' gigabytes of
        # PostgreSQL pages and WAL can have pushed them out (a single run then read them from disk).
        for root, _, names in os.walk(corpus):
            for name in names:
                with open(os.path.join(root, name), "rb") as handle:
                    handle.read()
        # Whatever autovacuum had started (a database's own, or the catalogue's) ends first.
        for _ in range(600):
            busy = subprocess.run(["psql", admin, "-At", "-c",
                                   "SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'autovacuum worker'"],
                                  check=True, capture_output=True, text=True).stdout.strip()
            if busy == "0":
                return
            time.sleep(0.2)

    print(f"corpus: {corpus} ({routes} routes); median of {RUNS} runs each; {os.cpu_count()} cores")
    validate = [measured([switchboard, "validate", "--dir", corpus]) for _ in range(RUNS)]
    first_plan = [measured([switchboard, "plan", "--dir", corpus, "--database", migrated(f"bench_plan_{i}")]) for i in range(RUNS)]
    parse_floor = yaml_floor(corpus, scratch)
    print(f"validate:                                                                         {median_of([r[0] for r in validate]):6.2f} s"
          f"   {max(r[1] for r in validate):6.0f} MB"
          + (f"   libyaml's events alone (every file read and parsed, nothing built): {parse_floor:.2f} s,"
             f" validate / events = {median_of([r[0] for r in validate]) / parse_floor:.1f}x" if parse_floor else ""))
    print(f"PostgreSQL  first plan (empty database):                                          {median_of([r[0] for r in first_plan]):6.2f} s"
          f"   {max(r[1] for r in first_plan):6.0f} MB")
    first_runs = [reconcile_phases([switchboard, "reconcile", "--dir", corpus, "--database", database(f"bench_first_{i}")])
                  for i in range(RUNS)]
    first = [run[0] for run in first_runs]
    first_write = [run[1] for run in first_runs]
    copy = [timed(["psql", migrated(f"bench_copy_{i}"), "-q", "-c",
                   f"\\copy tenant_routing (channel, key, tenant_id) FROM '{routes_csv}' CSV"]) for i in range(RUNS)]
    per_row = [timed(["psql", migrated(f"bench_rows_{i}"), "-q", "-f", per_row_sql]) for i in range(RUNS)]
    target = admin.rsplit("/", 1)[0] + "/bench_first_0"
    every_row = [timed(copy_every_row(target, migrated(f"bench_every_{i}"), scratch)) for i in range(RUNS)]
    settled([target], dropping=[f"bench_{kind}_{i}" for kind in ("plan", "copy", "rows", "every") for i in range(RUNS)])
    noop_runs = [measured([switchboard, "plan", "--dir", corpus, "--database", target]) for _ in range(RUNS)]
    noop = [run[0] for run in noop_runs]
    print(f"PostgreSQL  first reconcile (all rows: tenants, routes, channels, SIP, ownership, audit): {median_of(first):6.2f} s"
          f"   {max(run[2] for run in first_runs):6.0f} MB")
    print(f"            ({first_runs[0][3]})")
    print(f"PostgreSQL  psql \\copy of the routes only:                                        {median_of(copy):6.2f} s"
          f"   reconcile / copy = {median_of(first) / median_of(copy):.1f}x")
    print(f"PostgreSQL  psql \\copy of every row the first reconcile wrote, one transaction: {median_of(every_row):6.2f} s"
          f"   (the floor of its write phase) every row / routes = {median_of(every_row) / median_of(copy):.1f}x,"
          f" write / every row = {median_of(first_write) / median_of(every_row):.1f}x")
    if parse_floor:
        # The plan must be whole before the first row is written: no first reconcile can take
        # less than reading the files and writing every row.
        floor = parse_floor + median_of(every_row)
        print(f"PostgreSQL  floor of a first reconcile (libyaml's events + every row's \\copy):     {floor:6.2f} s"
              f"   floor / copy = {floor / median_of(copy):.1f}x, reconcile / floor = {median_of(first) / floor:.1f}x,"
              f" per-row / floor = {median_of(per_row) / floor:.1f}x")
    print(f"PostgreSQL  one INSERT ... ON CONFLICT per route, one transaction (psql -f):        {median_of(per_row):6.2f} s"
          f"   per-row / reconcile = {median_of(per_row) / median_of(first):.1f}x")
    print(f"PostgreSQL  of which the write phase (all rows, one transaction, commit):            {median_of(first_write):6.2f} s"
          f"   write / copy = {median_of(first_write) / median_of(copy):.1f}x, per-row / write = {median_of(per_row) / median_of(first_write):.1f}x")
    print(f"PostgreSQL  no-op plan:                                                           {median_of(noop):6.2f} s"
          f"   {max(r[1] for r in noop_runs):6.0f} MB   no-op / copy = {median_of(noop) / median_of(copy):.1f}x")

    # targets: (DESIGN §9): four databases of every route, the files read once, beside one database.
    settings = os.path.join(os.path.dirname(corpus), "bench-targets.yaml")  # beside the corpus: its secrets root
    target_urls = [database(f"bench_target_{i}") for i in range(4)]
    with open(settings, "w") as handle:
        handle.write("targets:\n" + "".join(f"  t{i}: {{database: \"{url}\", tenants: all}}\n" for i, url in enumerate(target_urls)))
    subprocess.run([switchboard, "reconcile", "--config", settings, "--dir", corpus, "--quiet"], check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    settled(target_urls)
    targets_runs = [measured([switchboard, "plan", "--config", settings, "--dir", corpus]) for _ in range(RUNS)]
    os.remove(settings)
    # The SQLite figures below run with no PostgreSQL work left beside them.
    settled([], dropping=[f"bench_target_{i}" for i in range(4)] + [f"bench_first_{i}" for i in range(RUNS)])
    print(f"PostgreSQL  no-op plan of 4 targets of {routes} routes each (the files read once):  {median_of([r[0] for r in targets_runs]):6.2f} s"
          f"   {max(r[1] for r in targets_runs):6.0f} MB   4 targets / 1 = {median_of([r[0] for r in targets_runs]) / median_of(noop):.1f}x")

    sqlite_runs = [reconcile_phases([switchboard, "reconcile", "--dir", corpus, "--database",
                                     f"sqlite:{os.path.join(scratch, f'first-{i}.db')}"]) for i in range(RUNS)]
    sqlite_first = [run[0] for run in sqlite_runs]
    sqlite_noop = [timed([switchboard, "plan", "--dir", corpus, "--database", f"sqlite:{os.path.join(scratch, 'first-0.db')}"])
                   for _ in range(RUNS)]
    print(f"SQLite      first reconcile:                                                      {median_of(sqlite_first):6.2f} s"
          f"   {max(run[2] for run in sqlite_runs):6.0f} MB")
    print(f"            ({sqlite_runs[0][3]})")
    print(f"SQLite      of which the write phase:                                             {median_of([r[1] for r in sqlite_runs]):6.2f} s")
    print(f"SQLite      no-op plan:                                                           {median_of(sqlite_noop):6.2f} s")
    if shutil.which("sqlite3"):
        def sqlite_migrated(name):
            path = os.path.join(scratch, name)
            subprocess.run([switchboard, "migrate", "--database", f"sqlite:{path}"], check=True, stdout=subprocess.DEVNULL)
            return path
        imports = [timed(["sqlite3", sqlite_migrated(f"import-{i}.db"), ".mode csv",
                          "CREATE TEMP TABLE incoming (channel, did_key, tenant_id)", f".import {routes_csv} incoming",
                          "INSERT INTO tenant_routing (channel, did_key, tenant_id) SELECT * FROM incoming"]) for i in range(RUNS)]
        sqlite_rows = os.path.join(scratch, "per-row-sqlite.sql")
        with open(sqlite_rows, "w") as script, open(routes_csv) as rows:
            script.write("BEGIN;\n")
            for line in rows:
                channel, key, tenant = line.strip().split(",")
                script.write(f"INSERT OR REPLACE INTO tenant_routing (channel, did_key, tenant_id, created_at) "
                             f"VALUES ('{channel}', '{key}', {tenant}, datetime('now'));\n")
            script.write("COMMIT;\n")
        per_row_sqlite = [timed(["sqlite3", sqlite_migrated(f"rows-{i}.db")], stdin=open(sqlite_rows)) for i in range(RUNS)]
        # Every row the first reconcile wrote, copied table by table from its file (no text to parse).
        reconciled = os.path.join(scratch, "first-0.db")
        tables = subprocess.run(["sqlite3", reconciled, "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
                                 "AND name <> 'switchboard_migrations' ORDER BY name <> 'tenants', name"],
                                check=True, capture_output=True, text=True).stdout.split()
        copy_script = (f"ATTACH '{reconciled}' AS reconciled; BEGIN;"
                       + "".join(f" INSERT INTO main.{table} SELECT * FROM reconciled.{table};" for table in tables) + " COMMIT;")
        every_row_sqlite = [timed(["sqlite3", sqlite_migrated(f"every-{i}.db"), copy_script]) for i in range(RUNS)]
        print(f"SQLite      sqlite3 .import of the routes only:                                   {median_of(imports):6.2f} s"
              f"   reconcile / import = {median_of(sqlite_first) / median_of(imports):.1f}x")
        print(f"SQLite      every row the first reconcile wrote, INSERT ... SELECT from its file:   {median_of(every_row_sqlite):6.2f} s"
              f"   (the floor of its write phase) every row / import = {median_of(every_row_sqlite) / median_of(imports):.1f}x")
        if parse_floor:
            # A lower bound: INSERT ... SELECT copies the records without building them.
            floor = parse_floor + median_of(every_row_sqlite)
            print(f"SQLite      floor of a first reconcile (libyaml's events + every row's INSERT ... SELECT): {floor:6.2f} s"
                  f"   floor / import = {floor / median_of(imports):.1f}x, reconcile / floor = {median_of(sqlite_first) / floor:.1f}x")
        print(f"SQLite      one INSERT OR REPLACE per route, one transaction (sqlite3 shell):     {median_of(per_row_sqlite):6.2f} s"
              f"   per-row / reconcile = {median_of(per_row_sqlite) / median_of(sqlite_first):.1f}x")
    shutil.rmtree(scratch)


if __name__ == "__main__":
    main()
