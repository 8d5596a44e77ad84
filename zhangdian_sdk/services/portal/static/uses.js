// The material use page.
import { T, LANG, escapeHtml, getJson } from "/static/common.js";

export async function showUses(event) {
  event.preventDefault();
  const ids = document.getElementById("material-ids").value.split(/\s+/).filter(Boolean).join(",");
  const data = await getJson(`/api/materials/uses?ids=${encodeURIComponent(ids)}`);
  const rows = (data ? data.uses : []).map((u) => `<tr><td>${escapeHtml(u.time)}</td><td>${escapeHtml(u.department)}</td>
    <td>${escapeHtml(u.kind[LANG])}</td><td><code>${escapeHtml(u.purpose.slice(0, 18))}…</code></td>
    <td><a href="${escapeHtml(u.link)}">${escapeHtml(u.transactionHash.slice(0, 12))}…</a></td></tr>`);
  document.getElementById("uses-result").innerHTML = rows.length
    ? `<table id="uses"><tr><th>${T.time}</th><th>${T.department}</th><th>${T.event}</th><th>${T.use}</th><th>${T.transaction}</th></tr>${rows.join("")}</table>`
    : `<p id="uses-empty">${T.no_data}</p>`;
}

