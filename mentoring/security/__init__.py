"""Security hardening: response headers and session lifetimes."""
