"""Tests of `avv.notices`."""
