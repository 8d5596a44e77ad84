"""The printed receipt (办件回执) an office hands over at submission: a one-page, print-ready HTML
document with the 办件编号, the service and receiving department by name, the submission time and the
promised completion date in Beijing time, the receipt code (回执码) grouped for reading, and a QR code
that opens the portal's lookup pre-filled.

The QR code's URL carries the number and the receipt code in the fragment
(``<portal>/?lang=zh#number=<number>&receipt=<hex>``): a browser never sends a fragment to the server,
and the portal's page clears it from the address bar once it has filled the form. The ID number is
never on the receipt: the citizen types it.

Usage::

    facts = receipt_facts(client, "ZD-2026-000123", receipt="a1" * 16)
    Path("receipt.html").write_text(render_receipt(facts, portal_url="https://zwfw.example.gov.cn"))
"""

from __future__ import annotations

import csv
import html
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

import segno

from zhangdian_sdk.client import ZhangdianClient
from zhangdian_sdk.core.codes import application_number
from zhangdian_sdk.core.errors import InvalidInputError, ZhangdianError
from zhangdian_sdk.core.models import TimeUnit
from zhangdian_sdk.core.privacy import parse_salt
from zhangdian_sdk.core.workdays import beijing, beijing_moment

__all__ = [
    "ReceiptFacts",
    "group_code",
    "promised_text",
    "qr_svg",
    "receipt_code_from_csv",
    "receipt_facts",
    "receipt_url",
    "render_receipt",
]


@dataclass(frozen=True)
class ReceiptFacts:
    """What a receipt shows: names from the chain (codes beside them), times as unix seconds."""

    number: str
    application_id: str
    service: str
    service_name_zh: str
    service_name_en: str
    department: str
    department_name_zh: str
    department_name_en: str
    submitted_at: int | None
    deadline: int | None  # the promised completion time, known once the application is accepted
    promised_amount: int
    time_unit: TimeUnit
    receipt_code: str  # lower-case hex, no 0x


def _receipt_hex(receipt: str) -> str:
    return parse_salt(receipt.strip()).hex()


def receipt_facts(client: ZhangdianClient, number: str, *, receipt: str, department: str | None = None) -> ReceiptFacts:
    """Read application ``number`` (in ``department`` if several use it), its service and department names."""
    number = application_number(number)
    code = _receipt_hex(receipt)
    app = client.ledger.get(client.ledger.resolve(number, department=department))
    definition = client.catalog.get(app.service, app.service_version).definition
    try:
        found = client.departments.get(app.department)
        department_names = (found.name_zh, found.name_en)
    except ZhangdianError:
        department_names = (app.department, app.department)
    return ReceiptFacts(
        number=number,
        application_id=app.id_hex,
        service=app.service,
        service_name_zh=definition.name_zh,
        service_name_en=definition.name_en,
        department=app.department,
        department_name_zh=department_names[0],
        department_name_en=department_names[1],
        submitted_at=int(app.submitted_at.timestamp()) if app.submitted_at else None,
        deadline=int(app.deadline.timestamp()) if app.deadline else None,
        promised_amount=app.promised_time_limit,
        time_unit=app.time_unit,
        receipt_code=code,
    )


def receipt_code_from_csv(path: Path, number: str) -> str:
    """The receipt code of ``number`` in a receipts file ``zhangdian application import`` wrote
    (columns ``application_number``, ``receipt_code``); raises InvalidInputError when it is not there."""
    wanted = application_number(number)
    with path.open(encoding="utf-8-sig", newline="") as handle:
        for row in csv.DictReader(handle):
            if (row.get("application_number") or "").strip() == wanted and row.get("receipt_code"):
                return _receipt_hex(row["receipt_code"])
    raise InvalidInputError(
        f"回执码文件 {path} 中没有办件 {wanted} / the receipts file {path} has no receipt code for {wanted}"
    )


def receipt_url(portal_url: str, number: str, receipt: str) -> str:
    """``<portal>/?lang=zh#number=<number>&receipt=<hex>``: number and code in the fragment only."""
    base = portal_url.strip().rstrip("/")
    if not base.startswith(("http://", "https://")):
        raise InvalidInputError(
            f"门户网址应以 http:// 或 https:// 开头：{portal_url!r} / the portal URL must start with http:// or https://"
        )
    fragment = f"number={quote(application_number(number), safe='-')}&receipt={_receipt_hex(receipt)}"
    return f"{base}/?lang=zh#{fragment}"


def group_code(receipt: str) -> str:
    """The receipt code in groups of four, as people read it aloud: ``a1a1 a1a1 ...``."""
    code = _receipt_hex(receipt)
    return " ".join(code[i : i + 4] for i in range(0, len(code), 4))


def qr_svg(url: str) -> str:
    """The QR code of ``url`` as inline SVG (error correction M, quiet zone kept)."""
    code = segno.make(url, error="m", micro=False)
    svg: str = code.svg_inline(scale=4, dark="#000", light="#fff", title="办件回执二维码 / receipt QR code")
    return svg


def promised_text(facts: ReceiptFacts) -> tuple[str, str]:
    """The promised completion in Chinese and English: the date once accepted, else the time limit."""
    if facts.deadline:
        when = beijing(facts.deadline)
        return f"{when}（北京时间）", f"{when} (Beijing time)"
    unit = facts.time_unit
    return (
        f"受理后 {facts.promised_amount} 个{unit.label_zh}"
        if unit != TimeUnit.HOURS
        else f"受理后 {facts.promised_amount} 小时",
        f"within {facts.promised_amount} {unit.label_en} after acceptance",
    )


_STYLE = """
@page { size: A5 portrait; margin: 10mm; }
* { box-sizing: border-box; }
body { font-family: "Noto Sans CJK SC", "WenQuanYi Micro Hei", "Microsoft YaHei", sans-serif; color: #000;
  margin: 0 auto; max-width: 148mm; padding: 6mm; font-size: 10.5pt; line-height: 1.45; }
h1 { font-size: 16pt; text-align: center; margin: 0 0 1mm; letter-spacing: 0.3em; }
.subtitle { text-align: center; margin: 0 0 4mm; font-size: 9pt; }
dl.facts { display: grid; grid-template-columns: 30mm 1fr; gap: 1.5mm 3mm; margin: 0 0 4mm; }
dl.facts dt { font-weight: bold; }
dl.facts dd { margin: 0; overflow-wrap: anywhere; }
.code { font-family: "DejaVu Sans Mono", monospace; font-size: 13pt; font-weight: bold; letter-spacing: 0.05em; }
.en { color: #333; font-size: 8.5pt; }
.qr { display: flex; gap: 4mm; align-items: center; margin: 0 0 4mm; break-inside: avoid; }
.qr svg { width: 36mm; height: 36mm; flex: none; }
.qr p { margin: 0; font-size: 9pt; overflow-wrap: anywhere; }
.warning { border: 0.4mm solid #000; padding: 2mm 3mm; font-size: 9pt; break-inside: avoid; }
.stamp { margin-top: 5mm; text-align: right; font-size: 9pt; }
main { break-inside: avoid; page-break-inside: avoid; }
@media print { body { padding: 0; } a { color: #000; text-decoration: none; } }
"""


def render_receipt(facts: ReceiptFacts, *, portal_url: str) -> str:
    """The receipt as one self-contained, print-ready HTML page (A5, fits A4 too)."""
    url = receipt_url(portal_url, facts.number, facts.receipt_code)
    promised_zh, promised_en = promised_text(facts)
    submitted = beijing_moment(facts.submitted_at) if facts.submitted_at else "-"
    e = html.escape

    def fact(key: str, zh: str, en: str, value: str, extra: str = "") -> str:
        return f'<dt>{e(zh)}<br><span class="en">{e(en)}</span></dt><dd id="{key}"{extra}>{value}</dd>'

    rows = [
        fact("number", "办件编号", "Application number", f'<span class="code">{e(facts.number)}</span>'),
        fact(
            "service",
            "办理事项",
            "Service",
            f'{e(facts.service_name_zh)}<br><span class="en">{e(facts.service_name_en)} ({e(facts.service)})</span>',
        ),
        fact(
            "department",
            "受理部门",
            "Department",
            f"{e(facts.department_name_zh)}<br>"
            f'<span class="en">{e(facts.department_name_en)} ({e(facts.department)})</span>',
        ),
        fact("submitted", "提交时间", "Submitted", f'{e(submitted)}（北京时间）<span class="en"> Beijing time</span>'),
        fact("promised", "承诺办结", "Promised by", f'{e(promised_zh)}<br><span class="en">{e(promised_en)}</span>'),
        fact(
            "receipt-code", "回执码", "Receipt code", f'<span class="code">{e(group_code(facts.receipt_code))}</span>'
        ),
    ]
    return f"""<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>办件回执 {e(facts.number)}</title>
<style>{_STYLE}</style>
</head>
<body>
<main>
<h1>办件回执</h1>
<p class="subtitle" lang="en">Application receipt</p>
<dl class="facts">
{chr(10).join(rows)}
</dl>
<div class="qr" id="qr">
{qr_svg(url)}
<p>扫描二维码查询办理进度（需再输入本人身份证号码）。<br>
<span class="en" lang="en">Scan to follow the application (you then type your ID number).</span><br>
<a id="lookup-url" href="{e(url)}">{e(url)}</a></p>
</div>
<p class="warning" id="warning"><strong>请妥善保管本回执，不要将回执码或二维码告知、拍照发给他人。</strong>
回执码与身份证号码一起即可查询本办件、进行评价；遗失请到受理部门办理。<br>
<span class="en" lang="en">Keep this receipt private: do not share or photograph the receipt code or the QR code.
Together with your ID number it shows this application and lets you rate it; if you lose it, ask the
receiving department.</span></p>
<p class="stamp">{e(facts.department_name_zh)}（盖章）</p>
</main>
</body>
</html>
"""
