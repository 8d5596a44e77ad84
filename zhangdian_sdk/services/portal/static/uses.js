// The material use page: who used my materials, when and for what. The result page links here with
// `#application=<0xid>&commitment=<0xc>` (a fragment: never sent to the server) and the log shows at once;
// the material ids form stays as a second way in.
import { T, LANG, escapeHtml, getJson } from "/static/common.js";

const named = (n) => (n ? `${escapeHtml(n.name[LANG])}${n.name[LANG] !== n.code ? ` <span class="code">(${escapeHtml(n.code)})</span>` : ""}` : "");

export function useCards(uses) {
  if (!uses.length) return `<p id="uses-empty">${T.no_data}</p>`;
  const cards = uses.map((u) => `<li class="card use" data-material="${escapeHtml(u.material_id)}">
    <dl class="facts">
      <dt>${T.time}</dt><dd class="use-time">${escapeHtml(u.timestamp_beijing)} ${T.beijing_time}</dd>
      <dt>${T.acting_department}</dt><dd class="use-department">${named(u.department)}</dd>
      <dt>${T.how_used}</dt><dd class="use-kind">${escapeHtml(u.kind[LANG])}</dd>
      ${u.material_type ? `<dt>${T.material_type}</dt><dd class="use-material">${named(u.material_type)}</dd>` : ""}
      <dt>${T.use}</dt><dd class="use-purpose">${escapeHtml(u.purpose_text[LANG])}</dd>
      <dt>${T.officer}</dt><dd><code>${escapeHtml(u.officer)}</code></dd>
      <dt>${T.transaction}</dt><dd><a href="${escapeHtml(u.link)}">${escapeHtml(u.transaction_hash.slice(0, 12))}…</a></dd>
    </dl></li>`);
  return `<ol class="timeline" id="uses">${cards.join("")}</ol>`;
}

function materialCards(materials) {
  if (!materials.length) return "";
  const items = materials.map((m) => `<li class="card material"><dl class="facts">
      <dt>${T.material_type}</dt><dd class="material-type">${named(m.material_type)}</dd>
      <dt>${T.issuer}</dt><dd>${named(m.issuer)}</dd>
      <dt>${T.time}</dt><dd>${escapeHtml(m.registered_at_beijing)} ${T.beijing_time}</dd>
      <dt>${T.material_id}</dt><dd><code>${escapeHtml(m.material_id)}</code></dd>
    </dl></li>`);
  return `<h3>${T.your_materials}</h3><ol class="timeline" id="materials">${items.join("")}</ol>`;
}

export async function showUses(event) {
  event.preventDefault();
  const out = document.getElementById("uses-result");
  const ids = document.getElementById("material-ids").value.split(/[\s,]+/).filter(Boolean).join(",");
  try {
    const data = await getJson(`/api/materials/uses?ids=${encodeURIComponent(ids)}`);
    out.innerHTML = useCards(data ? data.uses : []);
  } catch (error) {
    out.innerHTML = `<p class="bad" id="uses-error">${T.uses_bad_request}</p>`;
  }
}

// `#application=0x..&commitment=0x..`: the application's log, straight away.
export async function showApplicationUses() {
  const out = document.getElementById("uses-result");
  if (!out) return;
  const params = new URLSearchParams(window.location.hash.slice(1));
  const application = params.get("application");
  const commitment = params.get("commitment");
  if (!application || !commitment) return;
  out.textContent = "…";
  try {
    const data = await getJson(`/api/applications/${encodeURIComponent(application)}/material-uses?commitment=${encodeURIComponent(commitment)}`);
    if (!data) { out.innerHTML = `<p class="bad" id="uses-not-found">${T.application_not_found}</p>`; return; }
    const title = data.number ? T.uses_of_application.replace("{number}", escapeHtml(data.number)) : T.uses;
    out.innerHTML = `<h3 id="uses-title">${title}</h3>${materialCards(data.materials)}<h3>${T.uses}</h3>${useCards(data.uses)}`;
  } catch (error) {
    out.innerHTML = `<p class="bad" id="uses-error">${T.records_unavailable}</p>`;
  }
}

document.addEventListener("DOMContentLoaded", showApplicationUses);
window.addEventListener("hashchange", showApplicationUses);
