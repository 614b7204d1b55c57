#!/usr/bin/env python3
"""Runs one command with a file on its stdin and prints the CPU seconds (user + system) the command used.

    cpu.py INPUT COMMAND [ARGS...]

The command gets the file as its stdin, as OpenLive's ffmpeg outputs get their feed; its own rusage (wait4) is the
figure, so nothing else on the machine is counted.
"""
import os
import subprocess
import sys

with open(sys.argv[1], "rb") as feed:
    child = subprocess.Popen(sys.argv[2:], stdin=feed, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(child.pid, 0)
    stderr = child.stderr.read().decode(errors="replace")
if os.waitstatus_to_exitcode(status) != 0:
    sys.stderr.write(f"{' '.join(sys.argv[2:])} failed: {stderr}\n")
    sys.exit(1)
print(f"{usage.ru_utime + usage.ru_stime:.3f}")
