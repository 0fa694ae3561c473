"""Where one request spends its time inside the mock, without the network or the server.

`python -m bench.profile_request [--workload 1b-json-url-num2] [--requests 5000]` drives the
ASGI app directly (bench/inprocess.py) and prints the request's work counts, its CPU time
per request and a cProfile summary. Times are this process's CPU time, not wall clock, so
other load on the machine disturbs them less (it still slows caches and clocks: compare
figures from one run, and trust the counts over the times).
"""

from __future__ import annotations

import argparse
import cProfile
import io
import pstats
import time

from bench.inprocess import count_work, cpu_per_call, run_many
from bench.workloads import workloads
from mockserver.app import create_app


def main() -> None:
    loads = {load.name: load for load in workloads()}
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--workload", default="1b-json-url-num2", choices=sorted(loads))
    parser.add_argument("--request", type=int, default=0, help="which of the workload's requests")
    parser.add_argument("--requests", type=int, default=5000)
    parser.add_argument("--top", type=int, default=25)
    parser.add_argument("--sort", default="tottime", choices=["tottime", "cumulative", "ncalls"])
    args = parser.parse_args()
    call = loads[args.workload].calls[args.request]
    app = create_app()
    print(f"work per request: {count_work(app, call)}")
    per_request_us = cpu_per_call(app, call, args.requests)
    print(f"CPU per request: {per_request_us:.1f} us (app, event loop and ASGI driver)")
    profile = cProfile.Profile(time.process_time)
    profile.runcall(run_many(app, call, args.requests))
    out = io.StringIO()
    pstats.Stats(profile, stream=out).sort_stats(args.sort).print_stats(args.top)
    print(out.getvalue())


if __name__ == "__main__":
    main()
