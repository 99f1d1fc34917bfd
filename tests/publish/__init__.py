"""Tests of `avv.publish`."""
