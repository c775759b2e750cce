"""JSON API: the signed-in person's threads, a thread's messages, writing in a thread."""

from __future__ import annotations

from typing import Any

from flask import jsonify
from flask.typing import ResponseReturnValue
from flask_login import current_user

from mentoring.accounts.access import roles_required
from mentoring.api import fields
from mentoring.api.fields import iso_utc
from mentoring.api.guards import api_blueprint
from mentoring.conversations import services
from mentoring.conversations.views import KIND, MEMBERS
from mentoring.db import utcnow

bp = api_blueprint("conversations_api", __name__)


def thread_json(found: services.Thread) -> dict[str, Any]:
    subject = found.subject
    last = found.conversation.last_message_at if found.conversation else None
    return {
        "kind": subject.kind,
        "subject_id": subject.id,
        "topic": subject.topic,
        "writable": subject.writable,
        "members": [{"id": m.id, "name": m.name, "role": m.role} for m in subject.members],
        "unread": found.unread,
        "last_message_at": iso_utc(last) if last else None,
    }


def line_json(line: services.Line) -> dict[str, Any]:
    message = line.message
    return {
        "id": message.id,
        "author_id": message.author_id,
        "author_name": line.author_name,
        "body": "" if message.removed else message.body,
        "removed": message.removed,
        "sent_at": iso_utc(message.sent_at),
        "reported": message.reported_at is not None,
    }


@bp.get("/conversations")
@roles_required(*MEMBERS)
def list_threads() -> ResponseReturnValue:
    return jsonify({"conversations": [thread_json(t) for t in services.threads_of(current_user)]})


@bp.get(f"/conversations/{KIND}/messages")
@roles_required(*MEMBERS)
def read_thread(kind: str, subject_id: int) -> ResponseReturnValue:
    found = services.thread(current_user, kind, subject_id)
    lines = services.lines(found)
    services.mark_read(current_user, found, now=utcnow())
    return jsonify({**thread_json(found), "messages": [line_json(line) for line in lines]})


@bp.post(f"/conversations/{KIND}/messages")
@roles_required(*MEMBERS)
def write(kind: str, subject_id: int) -> ResponseReturnValue:
    body = fields.field(fields.json_body(), "body", str)
    line = services.send(current_user, kind, subject_id, body, now=utcnow())
    return jsonify(line_json(line)), 201
