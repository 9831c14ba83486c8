"""Benchmarks only (scripts/bench_scale.py): development settings plus the bare views the pages are compared with."""

from .dev import *  # noqa: F403

DEBUG = False
ROOT_URLCONF = "portal.bench_urls"
