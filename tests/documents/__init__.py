"""Tests of `avv.documents`."""
