"""OpenAPI fragment for the training bank and test attempts."""

from __future__ import annotations

from typing import Any

from mentoring.api.openapi import ID, Fragment, error_responses, id_param, json_body, ok, ref

READ_ERRORS = error_responses(401, 403, 422)
OBJECT_ERRORS = error_responses(401, 403, 404, 422)
WRITE_ERRORS = error_responses(401, 403, 404, 409, 413, 415, 422)
TEXT = {"type": "string"}
COUNT = {"type": "integer"}

TRAINING = {
    "type": "object",
    "required": ["id", "programme_id", "title", "tool", "level", "minutes", "has_test"],
    "properties": {
        "id": COUNT,
        "programme_id": COUNT,
        "title": TEXT,
        "tool": TEXT,
        "level": {"type": "integer", "minimum": 1, "maximum": 5},
        "minutes": COUNT,
        "has_test": {"type": "boolean"},
        "steps": TEXT,
        "video_link": {"type": "string", "nullable": True},
        "attachment": {"type": "string", "nullable": True},
        "pass_mark": COUNT,
        "questions_per_attempt": COUNT,
        "time_limit_minutes": COUNT,
    },
}
QUESTION = {
    "type": "object",
    "nullable": True,
    "required": ["id", "text", "kind", "points", "options"],
    "properties": {
        "id": COUNT,
        "text": TEXT,
        "kind": {"type": "string", "enum": ["single", "multiple"]},
        "points": COUNT,
        "options": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["id", "text"],
                "properties": {"id": COUNT, "text": TEXT},
            },
        },
    },
}
MOMENT = {"type": "string", "format": "date-time"}
ATTEMPT = {
    "type": "object",
    "required": [
        "id",
        "training_id",
        "started_at",
        "deadline_at",
        "submitted_at",
        "answered",
        "total_questions",
        "score",
        "max_score",
        "pass_mark",
        "passed",
        "question",
    ],
    "properties": {
        "id": COUNT,
        "training_id": COUNT,
        "started_at": MOMENT,
        "deadline_at": MOMENT,
        "submitted_at": {**MOMENT, "nullable": True},
        "answered": COUNT,
        "total_questions": COUNT,
        "score": COUNT,
        "max_score": COUNT,
        "pass_mark": COUNT,
        "passed": {"type": "boolean", "nullable": True},
        "question": QUESTION,
    },
}
ANSWER_BODY = {
    "type": "object",
    "required": ["question_id", "option_ids"],
    "properties": {"question_id": ID, "option_ids": {"type": "array", "items": ID}},
}
SCHEMAS: dict[str, Any] = {
    "Training": TRAINING,
    "TrainingList": {
        "type": "object",
        "required": ["trainings"],
        "properties": {"trainings": {"type": "array", "items": ref("Training")}},
    },
    "Attempt": ATTEMPT,
    "AnswerResult": {
        "type": "object",
        "required": ["correct", "points", "attempt"],
        "properties": {
            "correct": {"type": "boolean"},
            "points": COUNT,
            "attempt": ref("Attempt"),
        },
    },
}
PATHS: dict[str, Any] = {
    "/trainings": {
        "get": {
            "summary": "Trainings of the bank in the caller's programmes, optionally of one tool",
            "parameters": [{"name": "tool", "in": "query", "schema": {"type": "string"}}],
            "responses": {"200": ok(ref("TrainingList"), "Trainings"), **READ_ERRORS},
        }
    },
    "/trainings/{training_id}": {
        "get": {
            "summary": "One training with its steps and test settings",
            "parameters": [id_param("training_id")],
            "responses": {"200": ok(ref("Training"), "The training"), **OBJECT_ERRORS},
        }
    },
    "/trainings/{training_id}/attempts": {
        "post": {
            "summary": "Start an attempt at the training's test (retry as often as you like)",
            "parameters": [id_param("training_id")],
            "requestBody": json_body(),
            "responses": {"201": ok(ref("Attempt"), "The new attempt"), **WRITE_ERRORS},
        }
    },
    "/attempts/{attempt_id}": {
        "get": {
            "summary": "One of the caller's attempts, with the question asked now",
            "parameters": [id_param("attempt_id")],
            "responses": {"200": ok(ref("Attempt"), "The attempt"), **OBJECT_ERRORS},
        }
    },
    "/attempts/{attempt_id}/answers": {
        "post": {
            "summary": "Answer the question asked now; the server marks it (409 when time is up)",
            "parameters": [id_param("attempt_id")],
            "requestBody": json_body(ANSWER_BODY),
            "responses": {"200": ok(ref("AnswerResult"), "Marked"), **WRITE_ERRORS},
        }
    },
    "/attempts/{attempt_id}/submit": {
        "post": {
            "summary": "Hand the attempt in, once (a second time answers 409)",
            "parameters": [id_param("attempt_id")],
            "requestBody": json_body(),
            "responses": {"200": ok(ref("Attempt"), "Handed in"), **WRITE_ERRORS},
        }
    },
}

FRAGMENT = Fragment(PATHS, SCHEMAS)
