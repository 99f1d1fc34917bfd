"""Tests of `avv.repo`."""
