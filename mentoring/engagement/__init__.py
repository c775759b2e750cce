"""Engagement, feedback and outcomes: how long people stay, what they think, what they reach."""
