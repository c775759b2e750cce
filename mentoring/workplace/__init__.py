"""Workplace competence programmes: knowledge goals, self-assessments, gaps and managers.

Layering: ``models``, ``organisation``, ``goals``, ``assessments`` and ``gaps`` sit low
(they import programmes and accounts only), so ``mentoring.trainings`` may import them.
Modules that show trainings data (manager pages, recommendations) sit above trainings.
"""
