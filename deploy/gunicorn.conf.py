"""gunicorn's configuration for a Rencai app server (docs/deployment.md).

    gunicorn -c deploy/gunicorn.conf.py config.wsgi:application

Every value can be changed from the environment (the systemd unit's EnvironmentFile), so the
same file serves a 2-core virtual machine and a 32-core server. An app server keeps no state
of its own: sessions, the cache and the task queue are in PostgreSQL, uploads on shared storage.
"""

import multiprocessing
import os

# nginx on the same machine talks to this address; with several machines, the private one.
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
# Sync workers: a request is one thread, one database connection (CONN_MAX_AGE keeps it).
# 2 × cores + 1 is gunicorn's own advice; each worker holds one PostgreSQL connection, so
# workers × app servers (+ task workers) must stay under PostgreSQL's max_connections.
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
worker_class = "sync"
# A page past 60 s is a bug (exports over a million rows stream from a replica in seconds);
# the worker is killed and replaced, and the request answers 502 through nginx.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
graceful_timeout = 30
keepalive = 5
# Replace each worker after about a thousand requests (spread so they do not restart at once):
# bounds what a slow leak in a library could grow to.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "1000"))
max_requests_jitter = 100
# The heartbeat file on a RAM disk: a slow /tmp would make the arbiter think workers hang.
SHM = "/dev/shm"  # noqa: S108 (a RAM disk, not a shared temporary file)
worker_tmp_dir = SHM if os.path.isdir(SHM) else None
# Load the application in the arbiter: a broken setting fails the start, not every worker.
preload_app = True
# Only nginx sets X-Forwarded-*: trust them from the proxy's address only.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
proxy_allow_ips = forwarded_allow_ips
# Logs to the journal (stdout/stderr under systemd). The access log leaves out the query
# string: a search's query carries the identity number typed.
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-")
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
access_log_format = '%(h)s "%(m)s %(U)s" %(s)s %(B)s %(M)sms "%({x-request-id}o)s"'
proc_name = "rencai"
# gunicorn 27's control socket (gunicornc) lives in the home folder by default: shared by
# every gunicorn of the user. Off unless GUNICORN_CONTROL_SOCKET names a path of this one's.
control_socket = os.environ.get("GUNICORN_CONTROL_SOCKET", "")
control_socket_disable = not control_socket
