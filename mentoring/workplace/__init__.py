"""Workplace competence programmes: organisation, knowledge goals, self-assessments and gaps.

Everything here sits below trainings and matching, which build on the gaps. The pages that
combine gaps with trainings and ambassadors (the learner's, the managers', the API) are in
``mentoring.competence``, above them.
"""
