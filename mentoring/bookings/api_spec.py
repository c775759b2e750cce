"""OpenAPI fragment for the booking endpoints."""

from __future__ import annotations

from typing import Any

from mentoring.api.openapi import (
    ID,
    Fragment,
    error_responses,
    id_param,
    json_body,
    json_response,
    ok,
    ref,
)
from mentoring.bookings.group_models import BOOKED, LEFT, WAITING
from mentoring.bookings.models import (
    KEY_LENGTH,
    LINK_LENGTH,
    PLACE_LENGTH,
    REASON_LENGTH,
    TOPIC_LENGTH,
)

READ_ERRORS = error_responses(401, 403, 422)
OBJECT_ERRORS = error_responses(401, 403, 404, 422)
WRITE_ERRORS = error_responses(401, 403, 404, 409, 413, 415, 422)
SEAT = {
    "type": "object",
    "required": ["session_id", "status"],
    "properties": {
        "session_id": {"type": "integer"},
        "status": {
            "type": "string",
            "enum": [BOOKED, WAITING, LEFT],
            "description": f"{LEFT!r} once the place is given up",
        },
    },
}


MOMENT = {"type": "string", "format": "date-time", "description": "ISO 8601; Z or an offset"}

WINDOW = {
    "type": "object",
    "required": ["weekday", "start_minute", "end_minute"],
    "properties": {
        "weekday": {"type": "integer", "minimum": 0, "maximum": 6},
        "start_minute": {"type": "integer", "minimum": 0, "maximum": 1439},
        "end_minute": {"type": "integer", "minimum": 1, "maximum": 1440},
    },
}
LIMITS = {
    "session_minutes": {"type": "integer", "minimum": 15, "maximum": 480},
    "buffer_minutes": {"type": "integer", "minimum": 0, "maximum": 240},
    "notice_hours": {"type": "integer", "minimum": 0, "maximum": 720},
    "horizon_days": {"type": "integer", "minimum": 1, "maximum": 366},
    "max_per_day": {"type": "integer", "minimum": 1, "nullable": True},
    "max_per_week": {"type": "integer", "minimum": 1, "nullable": True},
}


def _required(properties: dict[str, Any]) -> dict[str, Any]:
    return {"type": "object", "required": list(properties), "properties": properties}


SCHEMAS: dict[str, Any] = {
    "Host": _required({"id": ID, "name": {"type": "string"}}),
    "Booking": _required(
        {
            "id": ID,
            "host_id": ID,
            "participant_id": ID,
            "starts_at": MOMENT,
            "ends_at": MOMENT,
            "status": {"type": "string", "enum": ["active", "cancelled"]},
            "attendance": {
                "type": "string",
                "enum": ["attended", "no_show", "cancelled_late"],
                "nullable": True,
            },
            "place": {"type": "string"},
            "video_link": {"type": "string"},
            "sequence": {"type": "integer", "description": "iCalendar SEQUENCE"},
        }
    ),
    "Availability": _required(
        {
            "host_id": ID,
            "timezone": {"type": "string"},
            **LIMITS,
            "place": {"type": "string"},
            "video_link": {"type": "string"},
            "windows": {
                "type": "array",
                "description": "Weekly windows in the host's time zone; Monday = 0",
                "items": WINDOW,
            },
            "exceptions": {
                "type": "array",
                "description": "Days away (inclusive)",
                "items": _required(
                    {
                        "starts_on": {"type": "string", "format": "date"},
                        "ends_on": {"type": "string", "format": "date"},
                    }
                ),
            },
        }
    ),
    "AvailabilityInput": {
        "type": "object",
        "description": "Fields left out keep their value; windows, when given, replace all",
        "properties": {
            **LIMITS,
            "place": {"type": "string", "maxLength": PLACE_LENGTH},
            "video_link": {
                "type": "string",
                "maxLength": LINK_LENGTH,
                "description": "https:// or http://, or empty",
            },
            "windows": {"type": "array", "items": WINDOW},
        },
    },
    "Slots": _required(
        {
            "host_id": ID,
            "timezone": {"type": "string"},
            "slots": {
                "type": "array",
                "items": _required({"starts_at": MOMENT, "ends_at": MOMENT}),
            },
        }
    ),
}

PATHS: dict[str, Any] = {
    "/hosts": {
        "get": {
            "summary": "Hosts the signed-in participant may book",
            "responses": {
                "200": ok(
                    {
                        "type": "object",
                        "required": ["hosts"],
                        "properties": {"hosts": {"type": "array", "items": ref("Host")}},
                    },
                    "Hosts",
                ),
                **READ_ERRORS,
            },
        }
    },
    "/hosts/{host_id}/availability": {
        "get": {
            "summary": "A host's booking settings and weekly windows",
            "parameters": [id_param("host_id")],
            "responses": {"200": json_response("Availability", "Availability"), **OBJECT_ERRORS},
        }
    },
    "/availability": {
        "put": {
            "summary": "Set the signed-in host's booking settings and weekly windows",
            "requestBody": json_body(ref("AvailabilityInput")),
            "responses": {"200": json_response("Availability", "Saved"), **WRITE_ERRORS},
        }
    },
    "/hosts/{host_id}/slots": {
        "get": {
            "summary": "Free slots of a host on local days from..to (inclusive, at most 93 days)",
            "parameters": [
                id_param("host_id"),
                {
                    "name": "from",
                    "in": "query",
                    "required": True,
                    "schema": {"type": "string", "format": "date"},
                },
                {"name": "to", "in": "query", "schema": {"type": "string", "format": "date"}},
            ],
            "responses": {
                "200": json_response("Slots", "Free slots"),
                **error_responses(401, 403, 404, 422),
            },
        }
    },
    "/bookings": {
        "get": {
            "summary": "The signed-in person's upcoming and past sessions",
            "responses": {
                "200": ok(
                    {
                        "type": "object",
                        "required": ["upcoming", "past"],
                        "properties": {
                            "upcoming": {"type": "array", "items": ref("Booking")},
                            "past": {"type": "array", "items": ref("Booking")},
                        },
                    },
                    "Bookings",
                ),
                **READ_ERRORS,
            },
        },
        "post": {
            "summary": "Book a slot; an Idempotency-Key header (or request_key) makes retries safe",
            "parameters": [
                {
                    "name": "Idempotency-Key",
                    "in": "header",
                    "schema": {"type": "string", "maxLength": KEY_LENGTH},
                }
            ],
            "requestBody": json_body(
                {
                    "type": "object",
                    "required": ["host_id", "starts_at"],
                    "properties": {
                        "host_id": ID,
                        "starts_at": MOMENT,
                        "request_key": {"type": "string", "maxLength": KEY_LENGTH},
                        "topic": {"type": "string", "maxLength": TOPIC_LENGTH},
                    },
                }
            ),
            "responses": {
                "201": json_response("Booking", "Booked"),
                "200": json_response("Booking", "The same request was booked before"),
                **WRITE_ERRORS,
            },
        },
    },
    "/bookings/{booking_id}": {
        "get": {
            "summary": "One booking of the signed-in person",
            "parameters": [id_param("booking_id")],
            "responses": {"200": json_response("Booking", "Booking"), **OBJECT_ERRORS},
        }
    },
    "/bookings/{booking_id}/cancel": {
        "post": {
            "summary": "Cancel a booking, with a reason",
            "parameters": [id_param("booking_id")],
            "requestBody": json_body(
                {
                    "type": "object",
                    "properties": {"reason": {"type": "string", "maxLength": REASON_LENGTH}},
                }
            ),
            "responses": {"200": json_response("Booking", "Cancelled"), **WRITE_ERRORS},
        }
    },
    "/bookings/{booking_id}/reschedule": {
        "post": {
            "summary": "Move a booking to another free time of the same host",
            "parameters": [id_param("booking_id")],
            "requestBody": json_body(
                {"type": "object", "required": ["starts_at"], "properties": {"starts_at": MOMENT}}
            ),
            "responses": {"200": json_response("Booking", "Moved"), **WRITE_ERRORS},
        }
    },
    "/group-sessions/{session_id}/seats": {
        "post": {
            "summary": "Take a seat in a training, or a waiting-list place when it is full",
            "parameters": [id_param("session_id")],
            "requestBody": json_body(),
            "responses": {"201": ok(SEAT, "status is booked or waiting"), **WRITE_ERRORS},
        }
    },
    "/group-sessions/{session_id}/leave": {
        "post": {
            "summary": "Give up a seat (the waiting list moves up) or a waiting-list place",
            "parameters": [id_param("session_id")],
            "requestBody": json_body(),
            "responses": {"200": ok(SEAT, "Left"), **WRITE_ERRORS},
        }
    },
}

FRAGMENT = Fragment(PATHS, SCHEMAS)
