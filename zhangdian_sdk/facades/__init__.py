"""Facades: one typed facade per contract of the suite, each given a contract and a sender."""
