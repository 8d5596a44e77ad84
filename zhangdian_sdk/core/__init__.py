"""Core: chain access, transactions, codes, models, errors and the other facts every layer uses."""
