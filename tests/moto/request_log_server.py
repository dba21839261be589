"""moto in server mode, as `moto_server` runs it, with a request log of its own: one line per
request as it arrives, `<unix time with microseconds> <method> <path>`, so that a test can
count the requests gonogo sends per second. (moto_server's own log has whole seconds only.)

    python3 request_log_server.py PORT LOGFILE
"""

import os
import sys
import threading
import time

from moto.moto_server.werkzeug_app import DomainDispatcherApplication, create_backend_app
from werkzeug.serving import run_simple


def main() -> None:
    port, log_path = int(sys.argv[1]), sys.argv[2]
    os.environ.setdefault("MOTO_PORT", str(port))
    app = DomainDispatcherApplication(create_backend_app)
    lock = threading.Lock()
    log = open(log_path, "a", buffering=1)

    def logged(environ, start_response):
        with lock:
            log.write(f"{time.time():.6f} {environ['REQUEST_METHOD']} {environ.get('PATH_INFO', '')}\n")
        return app(environ, start_response)

    run_simple("127.0.0.1", port, logged, threaded=True)


if __name__ == "__main__":
    main()
