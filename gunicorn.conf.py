"""Production server settings (contest day): `gunicorn -c gunicorn.conf.py 'contest:create_app()'`.

Threads serve the many short autosave and heartbeat requests; several processes use both cores.
Override with environment variables, e.g. CONTEST_BIND=0.0.0.0:8000 CONTEST_WORKERS=4.
"""
import multiprocessing
import os

bind = os.environ.get("CONTEST_BIND", "0.0.0.0:8000")
workers = int(os.environ.get("CONTEST_WORKERS", multiprocessing.cpu_count() * 2))
worker_class = "gthread"
#: Many threads, most of them idle: a request waiting for one of the few busy-lane slots
#: (contest.lanes) keeps its thread, and an autosave must still find a free one.
threads = int(os.environ.get("CONTEST_THREADS", 128))
timeout = 60
graceful_timeout = 20
keepalive = 30
# Exam terminals upload recordings and workbooks: allow the request line and headers we expect.
limit_request_field_size = 16384
accesslog = os.environ.get("CONTEST_ACCESS_LOG") or None
errorlog = "-"

#: How long a thread may keep Python's GIL while others wait (CPython's default: 5 ms). A thread
#: that holds the database's write lock gives up the GIL at every SQLite call and must win it
#: back each time; under load each of those waits could last the whole interval, and the write
#: lock stayed taken for tens of milliseconds. Capture rehearsals (300 terminals, noisy single
#: runs): save p95 615-1139 ms with 1 ms against 908-1452 ms with the default.
switch_interval_ms = float(os.environ.get("CONTEST_GIL_SWITCH_MS", 1.0))


def post_fork(server, worker):
    import sys

    sys.setswitchinterval(switch_interval_ms / 1000)
