"""Tests of `avv.pull_request`."""
