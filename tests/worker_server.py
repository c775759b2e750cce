"""Serve the app in a process of its own, as one of several workers behind a load balancer.

``python -m tests.worker_server CONFIG.json`` builds the app from the JSON configuration,
listens on a free port of 127.0.0.1, prints ``PORT <n>`` and serves until terminated.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from werkzeug.serving import make_server

from mentoring import create_app


def main(config_path: str) -> None:
    app = create_app(json.loads(Path(config_path).read_text()))
    server = make_server("127.0.0.1", 0, app, threaded=False)
    print(f"PORT {server.server_port}", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main(sys.argv[1])
