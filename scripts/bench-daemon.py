#!/usr/bin/env python3
"""Benchmark (DESIGN §6, issue "Daemon"): edit-to-commit latency of `switchboard daemon` on the
generated corpus (10,000 tenant files, 100,000 routes) against PostgreSQL.

The daemon runs with --log-format json; it logs "applied: …" right after each commit, with the
time. Each sample rewrites one tenant file with one more number than the generated one (the
first adds it; each next one replaces the previous sample's: a create and a delete), notes the
time the write returned, and reads the log until the next "applied" line: latency = its time -
the write's.
Run through scripts/bench-daemon.sh (release build, throwaway PostgreSQL).
Usage: bench-daemon.py SWITCHBOARD CORPUS
"""
import datetime
import json
import os
import signal
import socket
import statistics
import subprocess
import sys
import time

SAMPLES = 7


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def applied_lines(daemon):
    """Yields (log time, message, seconds of work, phases) of each "applied" line of the daemon's
    standard error; the work is the "files read" line's seconds before it plus the run's."""
    read = 0.0
    for line in daemon.stderr:
        try:
            entry = json.loads(line)
        except ValueError:
            continue
        if entry.get("level") == "error":
            print("daemon:", entry.get("message"), file=sys.stderr)
        if entry.get("message") == "files read":
            read = float(entry.get("seconds", "nan"))
        if entry.get("message", "").startswith("applied:") or entry.get("message") == "no change":
            yield (datetime.datetime.fromisoformat(entry["time"].replace("Z", "+00:00")).timestamp(), entry["message"],
                   read + float(entry.get("seconds", "nan")), f"files read {read:.3f}, " + entry.get("phases", ""))
            read = 0.0


def run(switchboard, corpus, database, debounce):
    daemon = subprocess.Popen(
        [switchboard, "daemon", "--dir", corpus, "--database", database, "--listen", f"127.0.0.1:{free_port()}",
         "--interval", "1h", "--log-format", "json"] + (["--debounce", debounce] if debounce != "default" else []),
        stderr=subprocess.PIPE, text=True, env=dict(os.environ, SWITCHBOARD_LOG_LEVEL="debug"))  # "no change" is a debug line
    try:
        lines = applied_lines(daemon)
        started = time.time()
        when, message, _, _ = next(lines)
        print(f"  first apply: {when - started:.2f} s ({message})")
        target = os.path.join(corpus, "group-000", "tenant-000001.yaml")
        original = open(target).read()
        if '"+33 1 00 00 01 04"]' not in original:
            sys.exit(f"{target} is not the generated one: regenerate the corpus")
        latencies = []
        work = []
        phases = ""
        for sample in range(SAMPLES):
            number = f"+33 1 99 00 {sample:02d} 00"
            with open(target, "w") as f:
                f.write(original.replace('"+33 1 00 00 01 04"]', f'"+33 1 00 00 01 04", "{number}"]'))
            written = time.time()
            when, message, seconds, phases = next(lines)
            if not message.startswith("applied:"):
                sys.exit(f"expected an apply after the edit, the daemon logged: {message}")
            latencies.append((when - written) * 1000)
            work.append(seconds * 1000)
            time.sleep(0.5)
        with open(target, "w") as f:
            f.write(original)
        next(lines)
        print(f"  debounce {debounce}: edit-to-commit median {statistics.median(latencies):.0f} ms, "
              f"min {min(latencies):.0f} ms, max {max(latencies):.0f} ms ({SAMPLES} edits of one number); "
              f"work after the debounce median {statistics.median(work):.0f} ms, max {max(work):.0f} ms (last: {phases})")
        if debounce == "default":
            # What every interval runs: the files compared with the disk, every row read and planned.
            noops = []
            for _ in range(SAMPLES):
                daemon.send_signal(signal.SIGHUP)
                sent = time.time()
                when, message, _, phases = next(lines)
                if message != "no change":
                    sys.exit(f"expected no change after SIGHUP, the daemon logged: {message}")
                noops.append(when - sent)
            print(f"  no-op run (SIGHUP, as every interval: files compared with the disk, every row read and planned): "
                  f"median {statistics.median(noops):.2f} s, max {max(noops):.2f} s (last: {phases})")
    finally:
        daemon.terminate()
        daemon.wait()


def main():
    switchboard, corpus = sys.argv[1:3]
    admin = os.environ["SWITCHBOARD_TEST_POSTGRES_URL"]
    for debounce in ["default", "50ms"]:  # the default is 100ms
        name = f"bench_daemon_{debounce}"
        subprocess.run(["psql", admin, "-qc", f"DROP DATABASE IF EXISTS {name}"], check=True)
        subprocess.run(["psql", admin, "-qc", f"CREATE DATABASE {name}"], check=True)
        print(f"PostgreSQL, {corpus}:")
        run(switchboard, corpus, admin.rsplit("/", 1)[0] + "/" + name, debounce)


if __name__ == "__main__":
    main()
