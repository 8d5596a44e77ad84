"""Benchmarks: ``python benchmarks/run.py`` (gas, bulk speed) and ``python -m benchmarks.portal_load`` (the portal
under load). A package, so that ``-m`` finds these rather than a site-packages module named ``benchmarks``."""
