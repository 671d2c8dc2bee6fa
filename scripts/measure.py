#!/usr/bin/env python3
"""Runs a command several times and prints its wall time and peak memory (RSS).

Usage: measure.py [--runs 5] [--label NAME] -- COMMAND...
Prints: NAME: best 0.412 s, median 0.431 s, peak RSS 187 MB (5 runs, exit 0)
"""
import argparse
import os
import resource
import statistics
import subprocess
import sys
import time


def run_once(command):
    start = time.perf_counter()
    pid = os.fork()
    if pid == 0:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, 1)
        os.dup2(devnull, 2)
        os.execvp(command[0], command)
    _, status, usage = os.wait4(pid, 0)
    elapsed = time.perf_counter() - start
    return elapsed, usage.ru_maxrss / 1024, os.waitstatus_to_exitcode(status)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--label", default=None)
    parser.add_argument("command", nargs=argparse.REMAINDER)
    args = parser.parse_args()
    command = args.command[1:] if args.command and args.command[0] == "--" else args.command
    results = [run_once(command) for _ in range(args.runs)]
    times = [r[0] for r in results]
    peak = max(r[1] for r in results)
    codes = sorted({r[2] for r in results})
    label = args.label or " ".join(command)
    print(f"{label}: best {min(times):.3f} s, median {statistics.median(times):.3f} s, "
          f"peak RSS {peak:.0f} MB ({args.runs} runs, exit {','.join(map(str, codes))})")


if __name__ == "__main__":
    main()
