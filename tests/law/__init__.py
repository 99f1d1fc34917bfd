"""Tests of `avv.law`."""
