"""Entry point for WSGI servers: ``gunicorn wsgi:app``."""

from mentoring import create_app

app = create_app()
