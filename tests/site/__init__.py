"""Tests of `avv.site`."""
