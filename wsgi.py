"""Entry point for WSGI servers: ``gunicorn wsgi:app``."""

import gc

from mentoring import create_app

app = create_app()
# The ~300,000 objects made at start-up live as long as the worker: a full collection walked
# them all (0.7 s on the busy 2-core machine) inside whichever request set it off. Frozen,
# the collector looks only at what requests make (py-spy on a gunicorn worker, issue 15).
gc.freeze()
