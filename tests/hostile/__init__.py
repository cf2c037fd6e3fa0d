"""Hostile submissions for the autograder's tests (see tests/test_grading_hostile.py)."""
