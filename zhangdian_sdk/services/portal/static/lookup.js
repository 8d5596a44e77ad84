// The lookup page: the application number's hash and the applicant commitment are computed here.
import { T, LANG, encoder, keccak, bytesToHex, hexToBytes, escapeHtml, label, getJson, checkApplicant, applicantInner,
  commitmentOf } from "/static/common.js";
import { ratingForm, rate } from "/static/rating.js";

// The parent and follow-on applications of one 一件事 (they share the applicant's commitment).
export function linkedTable(linked) {
  if (!linked || linked.length === 0) return "";
  const rows = linked.map((l) => `<tr><td>${l.relation === "parent" ? T.relation_parent : T.relation_child}</td>
    <td>${escapeHtml(label(l.serviceName))} (${escapeHtml(l.service)})</td><td>${escapeHtml(l.department)}</td>
    <td class="linked-status">${escapeHtml(l.status[LANG])}</td></tr>`);
  return `<h3>${T.linked}</h3><table id="linked"><tr><th></th><th>${T.service}</th><th>${T.department}</th><th>${T.status}</th></tr>${rows.join("")}</table>`;
}

export async function lookup(event) {
  event.preventDefault();
  const out = document.getElementById("lookup-result");
  const [identity, problem] = checkApplicant(document.getElementById("identity").value);
  if (problem) {
    out.innerHTML = `<p class="bad" id="bad-identity">${escapeHtml(T.identity_invalid.replace("{reason}", problem))}</p>`;
    return;
  }
  out.textContent = "…";
  try {
    // Ids belong to a department: the server lists the departments that use this number (by its
    // hash), and the applicant's commitment, which names the department, picks the right one.
    const numberHash = bytesToHex(keccak(encoder.encode(document.getElementById("number").value.trim())));
    const found = await getJson(`/api/numbers/${numberHash}`);
    const salt = hexToBytes(document.getElementById("receipt").value.trim());
    let app = null;
    let inner = null;
    for (const candidate of found ? found.applications : []) {
      inner = applicantInner(identity, salt, candidate.department);
      app = await getJson(`/api/applications/${candidate.applicationId}?commitment=${commitmentOf(inner, salt)}`);
      if (app) break;
    }
    if (!app) { out.innerHTML = `<p class="bad" id="not-found">${T.not_found}</p>`; return; }
    const rows = app.timeline.map((e) => `<tr><td>${escapeHtml(e.time || "")}</td><td>${escapeHtml(label(e.label))}</td>
      <td>${escapeHtml(e.department || "")}</td><td><a href="${escapeHtml(e.link)}">${e.transactionHash.slice(0, 12)}…</a></td></tr>`);
    out.innerHTML = `
      <table id="application">
        <tr><th>${T.service}</th><td>${escapeHtml(label(app.serviceName))} (${escapeHtml(app.service)})</td></tr>
        <tr><th>${T.department}</th><td>${escapeHtml(label(app.departmentName))}</td></tr>
        <tr><th>${T.status}</th><td id="status">${escapeHtml(app.status[LANG])}</td></tr>
        <tr><th>${T.step}</th><td>${app.currentStep}/${app.stepCount}</td></tr>
        <tr><th>${T.deadline}</th><td id="deadline">${escapeHtml(app.deadlineBeijing ? `${app.deadlineBeijing} ${T.beijing_time}` : "–")}
          <span class="${app.overdue ? "bad" : "ok"}">${app.overdue ? T.overdue : T.on_time}</span></td></tr>
        ${app.stepDeadline ? `<tr><th>${T.step_deadline}</th><td id="step-deadline">${escapeHtml(`${app.stepDeadlineBeijing} ${T.beijing_time}`)}</td></tr>` : ""}
        ${app.waitingFor ? `<tr><th>${T.waiting_for}</th><td id="waiting-for">${escapeHtml(app.waitingFor[LANG])}</td></tr>` : ""}
        ${app.certificate ? `<tr><th>${T.certificate}</th><td id="certificate">${escapeHtml(app.certificate.type)} · ${escapeHtml(app.certificate.issuer)}
          <span class="${app.certificate.valid ? "ok" : "bad"}">${app.certificate.valid ? T.certificate_valid : T.certificate_invalid}</span></td></tr>` : ""}
      </table>
      ${linkedTable(app.linked)}
      <h3>${T.timeline}</h3>
      <table id="timeline"><tr><th>${T.time}</th><th>${T.event}</th><th>${T.department}</th><th>${T.transaction}</th></tr>${rows.join("")}</table>
      <div id="rating-section">${ratingForm(app.rating)}</div>
      <p class="verified">${T.verified_at.replace("{block}", app.verifiedAtBlock)}</p>`;
    document.getElementById("rating-form")?.addEventListener("submit", (e) => rate(e, app, salt, inner));
  } catch (error) {
    out.innerHTML = `<p class="bad" id="not-found">${T.not_found}</p>`;
  }
}

