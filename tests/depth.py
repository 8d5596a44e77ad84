"""How hard the property tests search.

`make test` runs them at the everyday depth (1); `make fuzz` sets ZHANGDIAN_TEST_DEPTH=10 and runs
ten times the examples, beside forge's deep invariant campaigns.
"""

from __future__ import annotations

import os

DEPTH = float(os.environ.get("ZHANGDIAN_TEST_DEPTH", "1"))


def examples(everyday: int) -> int:
    """The number of hypothesis examples for a test that runs ``everyday`` of them at depth 1."""
    return max(1, round(everyday * DEPTH))
