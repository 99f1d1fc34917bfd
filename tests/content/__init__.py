"""Tests of `avv.content`."""
