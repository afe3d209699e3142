"""Run commands one after another and record their wall time, CPU time and peak memory.

Used by ``measure.py`` as a fresh process per timed run, so that
``getrusage(RUSAGE_CHILDREN)`` covers exactly that run's commands (and their
worker processes).  ``ru_maxrss`` is the peak resident set of the largest single
process among them, in KiB on Linux; it is not a sum over concurrent workers.

Usage: python3 _timed.py SPEC.json RESULT.json, where SPEC holds
{"commands": [[argv...], ...]}.  Output of the commands goes to this process's
stdout/stderr.
"""

import json
import resource
import subprocess
import sys
import time


def main() -> None:
    spec_path, result_path = sys.argv[1], sys.argv[2]
    with open(spec_path, encoding="utf-8") as handle:
        commands = json.load(handle)["commands"]
    codes = []
    start = time.perf_counter()
    for command in commands:
        codes.append(subprocess.call(command))
    wall = time.perf_counter() - start
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    result = {"wall": wall, "cpu": usage.ru_utime + usage.ru_stime, "maxrss_kib": usage.ru_maxrss,
              "exit": max(codes, key=abs) if codes else 0}
    with open(result_path, "w", encoding="utf-8") as handle:
        json.dump(result, handle)


if __name__ == "__main__":
    main()
