// The lookup page: the application number's hash and the applicant commitment are computed here; the
// portal gets hashes only, and answers from its index (see ApplicationView in schemas.py).
import { T, LANG, encoder, keccak, bytesToHex, hexToBytes, escapeHtml, label, checkApplicant, applicantInner,
  commitmentOf } from "/static/common.js";
import { ratingForm, rate } from "/static/rating.js";

// Same rules as zhangdian_sdk.core.codes.application_number: full-width characters made half-width
// (NFKC), other dashes '-', every space removed, upper case; then 1-50 letters, digits or '-'.
const DASHES = /[\u2010-\u2015\u2212]/g;
export const normalizeNumber = (text) => text.normalize("NFKC").replace(DASHES, "-").replace(/\s+/g, "").toUpperCase();
export const NUMBER_PATTERN = /^[A-Z0-9-]{1,50}$/;

// The service or the index could not answer: never said to be "not found".
class Unavailable extends Error {}

async function fetchJson(url) {
  let response;
  try {
    response = await fetch(url);
  } catch (error) {
    throw new Unavailable();
  }
  if (response.status === 404) return null;
  if (response.status >= 500) throw new Unavailable();
  if (!response.ok) throw new Error(String(response.status));
  return response.json();
}

const named = (thing) => (thing ? escapeHtml(label(thing.name)) : "");
const words = (pair) => (pair ? escapeHtml(label(pair)) : "");
const when = (text) => (text ? `${escapeHtml(text)} ${T.beijing_time}` : "–");
const fact = (title, value, id) => `<dt>${title}</dt><dd${id ? ` id="${id}"` : ""}>${value}</dd>`;

// The parent and follow-on applications of one 一件事 (they share the applicant's commitment): each with
// its 办件编号 and a button that looks it up with the same ID number and receipt code.
export function linkedList(linked) {
  if (!linked || linked.length === 0) return "";
  const items = linked.map((l) => `<li class="card linked-application" data-number="${escapeHtml(l.number)}">
    <strong>${l.relation === "parent" ? T.relation_parent : T.relation_child}</strong>
    <dl class="facts">
      ${fact(T.number, `<span class="linked-number">${escapeHtml(l.number || "–")}</span>`)}
      ${fact(T.service, named(l.service))}
      ${fact(T.department, named(l.department))}
      ${fact(T.status, `<span class="linked-status">${named(l.status)}</span>`)}
    </dl>
    ${l.number ? `<button type="button" class="look-up-linked" data-number="${escapeHtml(l.number)}">${T.look_up_linked}</button>` : ""}
  </li>`);
  return `<h3>${T.linked}</h3><ul id="linked" class="linked">${items.join("")}</ul>`;
}

function reasonSection(reason) {
  if (!reason) return "";
  const title = reason.kind === "supplement" ? T.supplement_what : T.reason;
  return `<section id="reason" class="reason" data-kind="${escapeHtml(reason.kind)}"><h3>${title}</h3>
    <p id="reason-text">${words(reason.text)}</p>
    ${reason.legal_basis ? `<p id="legal-basis">${T.legal_basis}: ${words(reason.legal_basis)}</p>` : ""}
    ${reason.remedy ? `<p id="remedy">${T.remedy}: ${words(reason.remedy)}</p>` : ""}
  </section>`;
}

// 更正 (issue 18): the entry stays as recorded; each correction is shown under it with who, when and why.
function correctionNote(c) {
  return `<p class="corrected"><strong>${T.corrected}</strong> <time>${when(c.timestamp_beijing)}</time>
    ${T.corrected_to}: <span class="corrected-value">${words(c.value)}</span>
    ${c.reason ? `<span class="correction-reason">${words(c.reason.text)}</span>` : ""}
    ${T.corrected_by}: ${c.department ? named(c.department) : ""} ${escapeHtml(c.actor || "")}</p>`;
}

function timelineList(timeline) {
  const items = timeline.map((e) => `<li class="card" data-event="${escapeHtml(e.event)}">
    <time>${when(e.timestamp_beijing)}</time>
    <strong class="event">${words(e.label)}</strong>
    ${e.department ? `<span class="department">${named(e.department)}</span>` : ""}
    ${e.step ? `<span class="step">${T.step_number ? escapeHtml(T.step_number.replace("{step}", e.step)) : e.step}</span>` : ""}
    ${e.status_after ? `<span class="status-after">${named(e.status_after)}</span>` : ""}
    ${e.outcome ? `<p class="appeal-outcome">${T.appeal_outcome}: ${words(e.outcome)}</p>` : ""}
    ${e.reason ? `<p class="reason">${words(e.reason.text)}</p>` : ""}
    ${(e.corrections || []).map(correctionNote).join("")}
    <a class="tx" href="${escapeHtml(e.link)}">${T.transaction} ${escapeHtml(e.transaction_hash.slice(0, 10))}…</a>
  </li>`);
  return `<h3>${T.timeline}</h3><ol class="timeline" id="timeline">${items.join("")}</ol>`;
}

function certificateFact(certificate) {
  if (!certificate) return "";
  const ok = certificate.valid;
  const link = certificate.download_url
    ? ` <a id="certificate-download" href="${escapeHtml(certificate.download_url)}" download>${T.certificate_download}</a>` : "";
  return fact(T.certificate, `${named(certificate.certificate_type)} · ${named(certificate.issuer)}
    <span class="${ok ? "ok" : "bad"}">${ok ? T.certificate_valid : T.certificate_invalid}</span>${link}`, "certificate");
}

function selfCheckPanel(check) {
  if (!check) return "";
  const explorer = check.explorer_address_url
    ? `<p><a href="${escapeHtml(check.explorer_address_url)}" rel="noopener">${escapeHtml(check.explorer_address_url)}</a></p>` : "";
  return `<details id="self-check" class="raw"><summary>${T.self_check}</summary>
    <p>${T.self_check_intro}</p>
    <dl class="facts">
      ${fact(T.chain_id, escapeHtml(check.chain_id))}
      ${fact(T.contract, `<code>${escapeHtml(check.contract)}</code>`)}
      ${fact(T.application_id, `<code>${escapeHtml(check.application_id)}</code>`)}
    </dl>
    <pre><code id="cast-call">${escapeHtml(check.cast_call)}</code></pre>
    <pre><code id="eth-call">${escapeHtml(JSON.stringify(check.eth_call, null, 1))}</code></pre>
    ${explorer}<p><a href="${escapeHtml(check.verifier_url)}">${escapeHtml(check.verifier_url)}</a></p>
  </details>`;
}

export function renderApplication(app) {
  const state = app.deadline_state;
  const deadlineState = state ? ` <span class="${state.code === "overdue" ? "bad" : "ok"}" id="deadline-state">${named(state)}</span>` : "";
  const freshness = app.freshness;
  return `
    <dl class="facts" id="application">
      ${fact(T.number, escapeHtml(app.number), "number-shown")}
      ${fact(T.service, named(app.service), "service")}
      ${fact(T.department, named(app.department), "department")}
      ${fact(T.status, named(app.status), "status")}
      ${fact(T.progress, words(app.progress.text), "progress")}
      ${fact(T.holder, words(app.progress.holder), "holder")}
      ${fact(T.submitted, when(app.submitted_at_beijing), "submitted")}
      ${app.deadline_beijing ? fact(T.deadline, when(app.deadline_beijing) + deadlineState, "deadline") : ""}
      ${app.step_deadline_beijing ? fact(T.step_deadline, when(app.step_deadline_beijing), "step-deadline") : ""}
      ${app.waiting_for ? fact(T.waiting_for, words(app.waiting_for), "waiting-for") : ""}
      ${certificateFact(app.certificate)}
    </dl>
    ${reasonSection(app.reason)}
    ${app.material_uses_url ? `<p><a id="uses-link" href="${escapeHtml(app.material_uses_url)}">${T.uses_link}</a></p>` : ""}
    ${linkedList(app.linked)}
    ${timelineList(app.timeline)}
    <div id="rating-section">${ratingForm(app.rating)}</div>
    ${selfCheckPanel(app.self_check)}
    <p class="freshness" id="freshness">${escapeHtml(T.freshness.replace("{block}", freshness.block_number)
      .replace("{time}", freshness.block_time_beijing))}</p>`;
}

const message = (id, text) => `<p class="bad" id="${id}" role="alert">${escapeHtml(text)}</p>`;

export async function lookup(event) {
  event.preventDefault();
  const out = document.getElementById("lookup-result");
  const numberField = document.getElementById("number");
  const number = normalizeNumber(numberField.value);
  if (!NUMBER_PATTERN.test(number)) { out.innerHTML = message("bad-number", T.number_invalid); return; }
  numberField.value = number;
  const [identity, problem] = checkApplicant(document.getElementById("identity").value.normalize("NFKC"));
  if (problem) { out.innerHTML = message("bad-identity", T.identity_invalid.replace("{reason}", problem)); return; }
  let salt;
  try {
    salt = hexToBytes(document.getElementById("receipt").value.normalize("NFKC").replace(/[\s-]+/g, ""));
  } catch (error) {
    out.innerHTML = `<p class="bad" id="not-found" role="alert">${T.not_found}</p>`;
    return;
  }
  out.textContent = "…";
  try {
    // Ids belong to a department: the server lists the applications with this number (by its hash),
    // and the applicant's commitment, which names the department, picks the citizen's.
    const found = await fetchJson(`/api/numbers/${bytesToHex(keccak(encoder.encode(number)))}`);
    let app = null;
    let inner = null;
    for (const candidate of found ? found.applications : []) {
      inner = applicantInner(identity, salt, candidate.commitment_department);
      const commitment = commitmentOf(inner, salt);
      app = await fetchJson(`/api/applications/${candidate.application_id}?commitment=${commitment}&lang=${LANG}`);
      if (app) break;
    }
    if (!app) { out.innerHTML = `<p class="bad" id="not-found" role="alert">${T.not_found}</p>`; return; }
    out.innerHTML = renderApplication(app);
    document.getElementById("rating-form")?.addEventListener("submit", (e) => rate(e, app, salt, inner));
    for (const button of out.querySelectorAll("button.look-up-linked")) {
      button.addEventListener("click", () => {
        numberField.value = button.dataset.number;
        document.getElementById("lookup-form").requestSubmit();
      });
    }
  } catch (error) {
    const unavailable = error instanceof Unavailable;
    out.innerHTML = message(unavailable ? "unavailable" : "lookup-failed", unavailable ? T.lookup_unavailable : String(error.message));
  }
}
