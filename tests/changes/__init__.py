"""Tests of `avv.changes`."""
