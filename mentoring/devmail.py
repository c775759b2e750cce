"""A mail catcher for development: ``flask dev-mail`` receives SMTP and shows it in a browser.

``make run`` starts it beside the web server and the scheduler and points ``MAIL_SERVER`` and
``MAIL_PORT`` at it, so a newcomer reads every email the service sends at
http://127.0.0.1:1080/ and nothing leaves the machine. Each message is one ``.eml`` file in
``instance/mail/``, newest first on the page. Development only: it listens on 127.0.0.1 and
shows everything it received to anyone who can reach it.
"""

from __future__ import annotations

import html
import itertools
import re
import signal
import sys
import time
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import click
from flask import current_app

NAME = re.compile(r"^[0-9]+-[0-9]+\.eml$")
SHOWN_HEADERS = ("Date", "From", "To", "Subject", "Message-ID", "List-Unsubscribe")
_numbers = itertools.count(1)


class MailFolder:
    """The received messages, one ``.eml`` file each; file names sort by arrival."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        folder.mkdir(parents=True, exist_ok=True)

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802
        """Store one message (aiosmtpd's handler hook); written whole, then renamed."""
        name = f"{time.time_ns()}-{next(_numbers)}.eml"
        partial = self.folder / f".{name}.part"
        partial.write_bytes(envelope.original_content or envelope.content)
        partial.rename(self.folder / name)
        return "250 Message accepted for delivery"

    def names(self) -> list[str]:
        return sorted((p.name for p in self.folder.glob("*.eml")), reverse=True)

    def read(self, name: str) -> EmailMessage | None:
        path = self.folder / name
        if not NAME.match(name) or not path.is_file():
            return None
        message = BytesParser(policy=policy.default).parsebytes(path.read_bytes())
        return message if isinstance(message, EmailMessage) else None


def text_of(message: EmailMessage) -> str:
    """Return the message's plain text (the service sends text emails)."""
    body = message.get_body(("plain",))
    return str(body.get_content()) if body is not None else ""


def _page(title: str, content: str) -> bytes:
    return (
        '<!doctype html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{html.escape(title)}</title></head>\n<body><main>"
        f"<h1>{html.escape(title)}</h1>\n{content}\n</main></body></html>\n"
    ).encode()


def index_page(folder: MailFolder) -> bytes:
    rows = []
    for name in folder.names():
        message = folder.read(name)
        if message is None:
            continue
        rows.append(
            f"<tr><td>{html.escape(str(message['Date'] or ''))}</td>"
            f"<td>{html.escape(str(message['To'] or ''))}</td>"
            f'<td><a href="/{name}">{html.escape(str(message["Subject"] or "(no subject)"))}</a>'
            "</td></tr>"
        )
    if not rows:
        return _page("Emails sent (development)", "<p>No email yet.</p>")
    table = (
        '<table><thead><tr><th scope="col">Sent</th><th scope="col">To</th>'
        '<th scope="col">Subject</th></tr></thead><tbody>' + "".join(rows) + "</tbody></table>"
    )
    return _page("Emails sent (development)", table)


def message_page(message: EmailMessage) -> bytes:
    headers = "".join(
        f"<dt>{name}</dt><dd>{html.escape(str(message[name]))}</dd>"
        for name in SHOWN_HEADERS
        if message[name] is not None
    )
    files = [part.get_filename() for part in message.iter_attachments()]
    attached = (
        "<h2>Attachments</h2><ul>"
        + "".join(f"<li>{html.escape(str(f))}</li>" for f in files)
        + "</ul>"
        if files
        else ""
    )
    body = f"<dl>{headers}</dl><h2>Text</h2><pre>{html.escape(text_of(message))}</pre>{attached}"
    return _page(str(message["Subject"] or "(no subject)"), body + '<p><a href="/">All</a></p>')


def handler_for(folder: MailFolder) -> type[BaseHTTPRequestHandler]:
    class Pages(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802
            name = self.path.lstrip("/")
            message = folder.read(name) if name else None
            if name and message is None:
                self._send(404, _page("Not found", '<p><a href="/">All emails</a></p>'))
            else:
                self._send(200, message_page(message) if message else index_page(folder))

        def _send(self, status: int, content: bytes) -> None:
            self.send_response(status)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(content)))
            self.send_header("Content-Security-Policy", "default-src 'none'")
            self.end_headers()
            self.wfile.write(content)

        def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
            pass  # the SMTP side says what arrived; page views are noise

    return Pages


def serve(folder: Path, smtp_port: int, web_port: int, host: str = "127.0.0.1") -> None:
    """Receive SMTP on ``smtp_port`` and show the messages on ``web_port`` until stopped."""
    from aiosmtpd.controller import Controller  # a development dependency

    store = MailFolder(folder)
    controller = Controller(store, hostname=host, port=smtp_port)
    pages = ThreadingHTTPServer((host, web_port), handler_for(store))
    signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(0))
    controller.start()
    try:
        click.echo(
            f"Mail catcher: SMTP on {host}:{smtp_port}; read the emails at "
            f"http://{host}:{web_port}/ (stored in {folder})"
        )
        pages.serve_forever()
    except (KeyboardInterrupt, SystemExit):
        pass
    finally:
        pages.server_close()
        controller.stop()


@click.command("dev-mail")
@click.option("--smtp-port", default=1025, show_default=True, help="Port that receives mail.")
@click.option("--web-port", default=1080, show_default=True, help="Port of the reading page.")
@click.option("--folder", type=click.Path(path_type=Path), help="Default: instance/mail.")
def dev_mail_command(smtp_port: int, web_port: int, folder: Path | None) -> None:
    """Catch the service's emails locally and show them in a browser (development only)."""
    if current_app.config["APP_ENV"] == "production":
        raise click.ClickException("dev-mail is for development only.")
    serve(folder or Path(current_app.instance_path) / "mail", smtp_port, web_port)
