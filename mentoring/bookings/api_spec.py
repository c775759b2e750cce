"""OpenAPI fragment for the booking endpoints (listed in mentoring.api.openapi.FRAGMENTS)."""

from __future__ import annotations

from typing import Any

from mentoring.api.openapi import json_response

ERRORS = {
    "401": {"description": "Not signed in"},
    "403": {"description": "The person's roles do not allow this"},
    "404": {"description": "No such object, or not visible to this person"},
    "409": {"description": "The time was just taken, or clashes with another session"},
    "422": {"description": "Bad input (past, outside availability, notice, horizon, ...)"},
}
ID = {"type": "integer"}


def _id_param(name: str) -> dict[str, Any]:
    return {"name": name, "in": "path", "required": True, "schema": ID}


def _json_body(schema: dict[str, Any]) -> dict[str, Any]:
    return {"required": True, "content": {"application/json": {"schema": schema}}}


MOMENT = {"type": "string", "format": "date-time", "description": "ISO 8601; Z or an offset"}

SCHEMAS: dict[str, Any] = {
    "Booking": {
        "type": "object",
        "properties": {
            "id": ID,
            "host_id": ID,
            "participant_id": ID,
            "starts_at": MOMENT,
            "ends_at": MOMENT,
            "status": {"type": "string", "enum": ["active", "cancelled"]},
            "attendance": {"type": "string", "nullable": True},
            "place": {"type": "string"},
            "video_link": {"type": "string"},
            "sequence": {"type": "integer", "description": "iCalendar SEQUENCE"},
        },
    },
    "Availability": {
        "type": "object",
        "properties": {
            "host_id": ID,
            "timezone": {"type": "string"},
            "session_minutes": {"type": "integer"},
            "buffer_minutes": {"type": "integer"},
            "notice_hours": {"type": "integer"},
            "horizon_days": {"type": "integer"},
            "place": {"type": "string"},
            "video_link": {"type": "string"},
            "max_per_day": {"type": "integer", "nullable": True},
            "max_per_week": {"type": "integer", "nullable": True},
            "windows": {
                "type": "array",
                "description": "Weekly windows in the host's time zone; Monday = 0",
                "items": {
                    "type": "object",
                    "properties": {
                        "weekday": {"type": "integer"},
                        "start_minute": {"type": "integer"},
                        "end_minute": {"type": "integer"},
                    },
                },
            },
        },
    },
    "Slots": {
        "type": "object",
        "properties": {
            "host_id": ID,
            "timezone": {"type": "string"},
            "slots": {
                "type": "array",
                "items": {"type": "object", "properties": {"starts_at": MOMENT, "ends_at": MOMENT}},
            },
        },
    },
}

PATHS: dict[str, Any] = {
    "/hosts": {
        "get": {
            "summary": "Hosts the signed-in participant may book",
            "responses": {"200": {"description": "Hosts"}, **ERRORS},
        }
    },
    "/hosts/{host_id}/availability": {
        "get": {
            "summary": "A host's booking settings and weekly windows",
            "parameters": [_id_param("host_id")],
            "responses": {"200": json_response("Availability", "Availability"), **ERRORS},
        }
    },
    "/availability": {
        "put": {
            "summary": "Set the signed-in host's booking settings and weekly windows",
            "requestBody": _json_body({"$ref": "#/components/schemas/Availability"}),
            "responses": {"200": json_response("Availability", "Saved"), **ERRORS},
        }
    },
    "/hosts/{host_id}/slots": {
        "get": {
            "summary": "Free slots of a host on local days from..to (inclusive)",
            "parameters": [
                _id_param("host_id"),
                {
                    "name": "from",
                    "in": "query",
                    "required": True,
                    "schema": {"type": "string", "format": "date"},
                },
                {"name": "to", "in": "query", "schema": {"type": "string", "format": "date"}},
            ],
            "responses": {"200": json_response("Slots", "Free slots"), **ERRORS},
        }
    },
    "/bookings": {
        "get": {
            "summary": "The signed-in person's upcoming and past sessions",
            "responses": {"200": {"description": "Bookings"}, **ERRORS},
        },
        "post": {
            "summary": "Book a slot; an Idempotency-Key header (or request_key) makes retries safe",
            "parameters": [
                {"name": "Idempotency-Key", "in": "header", "schema": {"type": "string"}}
            ],
            "requestBody": _json_body(
                {
                    "type": "object",
                    "required": ["host_id", "starts_at"],
                    "properties": {
                        "host_id": ID,
                        "starts_at": MOMENT,
                        "request_key": {"type": "string"},
                        "topic": {"type": "string"},
                    },
                }
            ),
            "responses": {
                "201": json_response("Booking", "Booked"),
                "200": json_response("Booking", "The same request was booked before"),
                **ERRORS,
            },
        },
    },
    "/bookings/{booking_id}": {
        "get": {
            "summary": "One booking of the signed-in person",
            "parameters": [_id_param("booking_id")],
            "responses": {"200": json_response("Booking", "Booking"), **ERRORS},
        }
    },
    "/bookings/{booking_id}/cancel": {
        "post": {
            "summary": "Cancel a booking, with a reason",
            "parameters": [_id_param("booking_id")],
            "requestBody": _json_body(
                {"type": "object", "properties": {"reason": {"type": "string"}}}
            ),
            "responses": {"200": json_response("Booking", "Cancelled"), **ERRORS},
        }
    },
    "/bookings/{booking_id}/reschedule": {
        "post": {
            "summary": "Move a booking to another free time of the same host",
            "parameters": [_id_param("booking_id")],
            "requestBody": _json_body({"type": "object", "properties": {"starts_at": MOMENT}}),
            "responses": {"200": json_response("Booking", "Moved"), **ERRORS},
        }
    },
    "/group-sessions/{session_id}/seats": {
        "post": {
            "summary": "Take a seat in a training, or a waiting-list place when it is full",
            "parameters": [_id_param("session_id")],
            "responses": {"201": {"description": "status is booked or waiting"}, **ERRORS},
        }
    },
    "/group-sessions/{session_id}/leave": {
        "post": {
            "summary": "Give up a seat (the waiting list moves up) or a waiting-list place",
            "parameters": [_id_param("session_id")],
            "responses": {"200": {"description": "Left"}, **ERRORS},
        }
    },
}
