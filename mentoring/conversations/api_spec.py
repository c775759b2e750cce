"""OpenAPI fragment for the conversation endpoints."""

from __future__ import annotations

from typing import Any

from mentoring.api.openapi import Fragment, error_responses
from mentoring.conversations.services import MAX_LENGTH
from mentoring.security.input import MAX_ID

ID = {"type": "integer", "minimum": 1, "maximum": MAX_ID}
MOMENT = {"type": "string", "format": "date-time"}
PARAMS = [
    {
        "name": "kind",
        "in": "path",
        "required": True,
        "schema": {"type": "string", "enum": ["pairing", "route", "group"]},
    },
    {"name": "subject_id", "in": "path", "required": True, "schema": ID},
]


def _ref(name: str) -> dict[str, Any]:
    return {"$ref": f"#/components/schemas/{name}"}


def _ok(status: int, schema: dict[str, Any]) -> dict[str, Any]:
    return {str(status): {"description": "OK", "content": {"application/json": {"schema": schema}}}}


def _required(properties: dict[str, Any]) -> dict[str, Any]:
    return {"type": "object", "required": list(properties), "properties": properties}


THREAD = {
    "kind": {"type": "string", "enum": ["pairing", "route", "group"]},
    "subject_id": ID,
    "topic": {"type": "string"},
    "writable": {"type": "boolean"},
    "members": {
        "type": "array",
        "items": _required({"id": ID, "name": {"type": "string"}, "role": {"type": "string"}}),
    },
    "unread": {"type": "integer", "minimum": 0},
    "last_message_at": {**MOMENT, "nullable": True},
}
MESSAGE = {
    "id": ID,
    "author_id": ID,
    "author_name": {"type": "string"},
    "body": {"type": "string"},
    "removed": {"type": "boolean"},
    "sent_at": MOMENT,
    "reported": {"type": "boolean"},
}
SCHEMAS: dict[str, Any] = {
    "Conversation": _required(THREAD),
    "ConversationMessage": _required(MESSAGE),
    "ConversationWithMessages": _required(
        {**THREAD, "messages": {"type": "array", "items": _ref("ConversationMessage")}}
    ),
}
PATHS: dict[str, Any] = {
    "/conversations": {
        "get": {
            "summary": "The signed-in person's conversations with their matched people",
            "responses": {
                **_ok(
                    200,
                    _required({"conversations": {"type": "array", "items": _ref("Conversation")}}),
                ),
                **error_responses(401, 403),
            },
        }
    },
    "/conversations/{kind}/{subject_id}/messages": {
        "get": {
            "summary": "A conversation's latest messages, oldest first (marks them read)",
            "parameters": PARAMS,
            "responses": {
                **_ok(200, _ref("ConversationWithMessages")),
                **error_responses(401, 403, 404, 422),
            },
        },
        "post": {
            "summary": "Write in a conversation; the others are emailed a link, hourly at most",
            "parameters": PARAMS,
            "requestBody": {
                "required": True,
                "content": {
                    "application/json": {
                        "schema": {
                            "type": "object",
                            "required": ["body"],
                            "properties": {
                                "body": {"type": "string", "minLength": 1, "maxLength": MAX_LENGTH}
                            },
                        }
                    }
                },
            },
            "responses": {
                **_ok(201, _ref("ConversationMessage")),
                **error_responses(401, 403, 404, 409, 413, 415, 422),
            },
        },
    },
}

FRAGMENT = Fragment(PATHS, SCHEMAS)
