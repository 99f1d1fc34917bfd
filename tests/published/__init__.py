"""Tests of `avv.published`."""
