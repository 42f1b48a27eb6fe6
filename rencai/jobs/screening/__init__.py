"""Compliance screening of job-posting text (DIS-01, DIS-02, JOB-07): see README.md here.

``screen(fields)`` in :mod:`rencai.jobs.screening.engine` is the entry point.
"""
