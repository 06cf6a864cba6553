#!/usr/bin/env python3
"""Runs a command (stdout to /dev/null) and prints the CPU seconds
(user + system) and wall seconds it took, as JSON.

    cputime.py CMD [ARG...]
"""
import json
import resource
import subprocess
import sys
import time

t0 = time.monotonic()
before = resource.getrusage(resource.RUSAGE_CHILDREN)
rc = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL,
                    stderr=subprocess.DEVNULL, check=False).returncode
after = resource.getrusage(resource.RUSAGE_CHILDREN)
wall = time.monotonic() - t0
cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
print(json.dumps({"rc": rc, "cpu_s": round(cpu, 4), "wall_s": round(wall, 4)}))
sys.exit(rc)
