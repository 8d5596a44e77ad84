"""`zhangdian reasons list [KIND]`: staff look reason codes up, in both languages with the legal basis."""

from __future__ import annotations

import json

from click.testing import CliRunner

from zhangdian_sdk.cli import cli


def test_list_without_a_kind_names_every_kind_with_its_count() -> None:
    result = CliRunner().invoke(cli, ["reasons", "list"])
    assert result.exit_code == 0, result.output
    for kind in ("appeal_outcome", "appeal_extension", "correction", "replacement", "rejection"):
        assert kind in result.output
    assert "行政复议决定 / Appeal outcome" in result.output


def test_list_a_kind_prints_codes_texts_and_basis() -> None:
    result = CliRunner().invoke(cli, ["reasons", "list", "appeal_outcome"])
    assert result.exit_code == 0, result.output
    assert "维持" in result.output
    assert "Upheld" in result.output
    assert "第六十八条" in result.output
    assert "article 68" in result.output
    replaced = CliRunner().invoke(cli, ["reasons", "list", "replacement", "--json"])
    rows = json.loads(replaced.output)
    assert [row["code"] for row in rows] == [1, 2, 3, 4]
    assert rows[1]["zh"].startswith("补发")
    assert "Lost or damaged" in rows[1]["en"]
    revocation = json.loads(CliRunner().invoke(cli, ["reasons", "list", "certificate_revocation", "--json"]).output)
    assert any(row["code"] == 10 and "reconsideration" in row["en"] for row in revocation)


def test_an_unknown_kind_is_bad_input_naming_the_kinds() -> None:
    result = CliRunner().invoke(cli, ["reasons", "list", "nonsense"])
    assert result.exit_code == 2
    assert "Traceback" not in result.output
    assert "correction" in result.output
