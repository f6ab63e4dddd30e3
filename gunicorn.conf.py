"""Production server settings (contest day): `gunicorn -c gunicorn.conf.py 'contest:create_app()'`.

Threads serve the many short autosave and heartbeat requests; several processes use both cores.
Override with environment variables, e.g. CONTEST_BIND=0.0.0.0:8000 CONTEST_WORKERS=4.
"""
import multiprocessing
import os

bind = os.environ.get("CONTEST_BIND", "0.0.0.0:8000")
workers = int(os.environ.get("CONTEST_WORKERS", multiprocessing.cpu_count() * 2))
worker_class = "gthread"
threads = int(os.environ.get("CONTEST_THREADS", 8))
timeout = 60
graceful_timeout = 20
keepalive = 30
# Exam terminals upload recordings and workbooks: allow the request line and headers we expect.
limit_request_field_size = 16384
accesslog = os.environ.get("CONTEST_ACCESS_LOG") or None
errorlog = "-"
