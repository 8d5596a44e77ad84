// The portal's browser side. Personal data stays here: the application number's hash, the applicant
// commitment and the certificate's hashes are computed in this page; only hashes go to the server.
// An ES module (strict by default): the curve comes from the vendored @noble/secp256k1.
import * as secp from "/vendor/secp256k1.js";

const T = window.PORTAL.t;
const LANG = window.PORTAL.lang;
const encoder = new TextEncoder();

function hexToBytes(hex) {
  const clean = hex.replace(/^0x/, "");
  if (clean.length % 2 !== 0 || /[^0-9a-fA-F]/.test(clean)) throw new Error("not hex");
  return Uint8Array.from(clean.match(/.{2}/g) || [], (pair) => parseInt(pair, 16));
}
const bytesToHex = (bytes) => "0x" + Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
const concat = (...parts) => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const part of parts) { out.set(part, offset); offset += part.length; }
  return out;
};
const keccak = (bytes) => Uint8Array.from(window.keccak256.array(bytes));
const word = (value) => hexToBytes(BigInt(value).toString(16).padStart(64, "0"));
const code32 = (code) => { const out = new Uint8Array(32); out.set(encoder.encode(code)); return out; };
const escapeHtml = (text) => String(text).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const label = (pair) => (pair ? pair[LANG] : "");

// The rating key (zhangdian_sdk.core.privacy.rating_key): its address and its signature of a rating, both
// made here with the audited @noble/secp256k1 so that the receipt code never leaves the page.
const ratingKey = (salt) => {
  const n = secp.Point.CURVE().n;
  const scalar = (BigInt(bytesToHex(keccak(concat(encoder.encode("zhangdian:rating:v1"), salt)))) % (n - 1n)) + 1n;
  return word(scalar);
};
const ratingAddress = (salt) => keccak(secp.getPublicKey(ratingKey(salt), false).slice(1)).slice(12);

// RFC 6979 (deterministic, the same signature the SDK's sign_rating makes), low-s, over the EIP-712 digest
// itself; noble's "recovered" form is v|r|s with v in {0, 1}, ServiceRatings wants r|s|(27 + v).
async function ratingSignature(salt, digest) {
  const signed = await secp.signAsync(digest, ratingKey(salt), { prehash: false, lowS: true, format: "recovered" });
  if (signed[0] > 1) throw new Error("unusable recovery id");
  return bytesToHex(concat(signed.slice(1), Uint8Array.of(27 + signed[0])));
}

// The EIP-712 digest ServiceRatings.ratingDigest computes (zhangdian_sdk.facades.ratings.sign_rating).
function ratingDigest(rating, applicationId, score) {
  const text = (t) => keccak(encoder.encode(t));
  const domain = keccak(concat(text("EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)"),
    text("ZhangdianServiceRatings"), text("1"), word(rating.chainId), word(rating.verifyingContract)));
  const struct = keccak(concat(text("Rating(bytes32 applicationId,uint8 score)"), hexToBytes(applicationId), word(score)));
  return keccak(concat(Uint8Array.of(0x19, 0x01), domain, struct));
}

// Same as zhangdian_sdk.core.privacy: the inner commitment (length-prefixed parts, keccak-256, over the
// identity checkApplicant normalized), and the commitment keccak256(inner | rating address).
function applicantInner(identity, salt, department) {
  const parts = [encoder.encode("zhangdian:applicant:v1"), encoder.encode(department), encoder.encode(identity), salt];
  return keccak(concat(...parts.map((p) => concat(Uint8Array.of(p.length >> 8, p.length & 255), p))));
}
const commitmentOf = (inner, salt) => bytesToHex(keccak(concat(inner, ratingAddress(salt))));

async function getJson(url) {
  const response = await fetch(url);
  if (response.status === 404) return null;
  if (!response.ok) throw new Error(`${response.status}`);
  return response.json();
}

// Same rules as zhangdian_sdk.core.identifiers.validate_applicant_id: a GB 11643 ID number or a
// GB 32100 credit code, spaces removed and upper case (a lower-case x is the same ID number).
const USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY";
const USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const PROVINCES = [11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46,
  50, 51, 52, 53, 54, 61, 62, 63, 64, 65, 71, 81, 82];

function citizenProblem(id) {
  if (!/^\d{17}[\dX]$/.test(id) || !PROVINCES.includes(Number(id.slice(0, 2)))) return T.identity_characters;
  const [y, m, d] = [Number(id.slice(6, 10)), Number(id.slice(10, 12)), Number(id.slice(12, 14))];
  const born = new Date(Date.UTC(y, m - 1, d));
  if (born.getUTCFullYear() !== y || born.getUTCMonth() !== m - 1 || born.getUTCDate() !== d || born > new Date()) {
    return T.identity_characters;
  }
  const sum = ID_WEIGHTS.reduce((acc, w, i) => acc + w * Number(id[i]), 0);
  const expected = "10X98765432"[sum % 11];
  return id[17] === expected ? null : T.identity_check.replace("{expected}", expected);
}

function usccProblem(code) {
  if ([...code].some((c) => !USCC_ALPHABET.includes(c)) || !"123456789ANY".includes(code[0]) || !/^\d{6}$/.test(code.slice(2, 8))) {
    return T.identity_characters;
  }
  const sum = USCC_WEIGHTS.reduce((acc, w, i) => acc + w * USCC_ALPHABET.indexOf(code[i]), 0);
  const expected = USCC_ALPHABET[(31 - (sum % 31)) % 31];
  return code[17] === expected ? null : T.identity_check.replace("{expected}", expected);
}

// [normalized, null] or [null, the reason it is not valid].
function checkApplicant(text) {
  const id = text.replace(/\s+/g, "").toUpperCase();
  if (id.length !== 18) return [null, T.identity_length.replace("{count}", id.length)];
  if (!/^\d{17}/.test(id)) { const problem = usccProblem(id); return problem ? [null, problem] : [id, null]; }
  const problem = citizenProblem(id);
  return problem && usccProblem(id) ? [null, problem] : [id, null];
}

// The parent and follow-on applications of one 一件事 (they share the applicant's commitment).
function linkedTable(linked) {
  if (!linked || linked.length === 0) return "";
  const rows = linked.map((l) => `<tr><td>${l.relation === "parent" ? T.relation_parent : T.relation_child}</td>
    <td>${escapeHtml(label(l.serviceName))} (${escapeHtml(l.service)})</td><td>${escapeHtml(l.department)}</td>
    <td class="linked-status">${escapeHtml(l.status[LANG])}</td></tr>`);
  return `<h3>${T.linked}</h3><table id="linked"><tr><th></th><th>${T.service}</th><th>${T.department}</th><th>${T.status}</th></tr>${rows.join("")}</table>`;
}

async function lookup(event) {
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

// GB/T 36903 metadata shown on a verified licence (zhangdian_sdk.core.licence.LICENCE_FIELDS).
const LICENCE_LABELS = {
  licenceName: { zh: "证照名称", en: "Licence name" },
  licenceTypeCode: { zh: "证照类型代码", en: "Licence type code" },
  licenceNumber: { zh: "证照编号", en: "Licence number" },
  licenceIdentifier: { zh: "证照标识", en: "Licence identifier" },
  issuerName: { zh: "颁发机构", en: "Issuing authority" },
  issuerCode: { zh: "颁发机构代码", en: "Issuing authority's code" },
  issueDate: { zh: "颁发日期", en: "Date of issue" },
  validFromDate: { zh: "有效期起始", en: "Valid from" },
  validUntilDate: { zh: "有效期截止", en: "Valid until" },
  holderName: { zh: "持证主体", en: "Holder" },
  holderCodeType: { zh: "持证主体代码类型", en: "Holder's code type" },
  matterCode: { zh: "关联事项代码", en: "Service code" },
  replaces: { zh: "关联证照标识", en: "Replaces licence" },
};
// 好差评: the five national levels, best first; a concluded application is rated once.
const scoreLabel = (score) => `${score.zh} ${score.en}`;
function ratingForm(rating) {
  if (!rating) return "";
  if (rating.score) {
    return `<h3>${T.rate}</h3><p id="rating-already" class="ok">${T.rate_already}: ${escapeHtml(scoreLabel(rating.score))}</p>`;
  }
  if (!rating.canRate) return "";
  const options = rating.options.map((o) => `<label class="rating-option"><input type="radio" name="score"
    value="${o.value}" id="score-${o.value}" required> ${escapeHtml(scoreLabel(o))}</label>`);
  return `<h3>${T.rate}</h3><form id="rating-form"><p>${T.rate_prompt}</p>${options.join(" ")}
    <p><button type="submit" id="rate-submit">${T.rate_submit}</button></p></form><div id="rating-result"></div>`;
}

async function rate(event, app, salt, inner) {
  event.preventDefault();
  const chosen = document.querySelector("#rating-form input[name=score]:checked");
  if (!chosen) return;
  const score = Number(chosen.value);
  const out = document.getElementById("rating-result");
  out.textContent = "…";
  let signature;
  try {
    signature = await ratingSignature(salt, ratingDigest(app.rating, app.applicationId, score));
  } catch (error) {
    out.innerHTML = `<p class="bad" id="rating-failed">${T.rate_failed}: ${escapeHtml(T.rate_unsigned)}</p>`;
    return;
  }
  const response = await fetch(`/api/applications/${app.applicationId}/rating`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ score, inner: bytesToHex(inner), signature }),
  });
  const body = await response.json().catch(() => ({}));
  if (response.ok) {
    document.getElementById("rating-form").remove();
    out.innerHTML = `<p class="ok" id="rating-done">${T.rate_done}: ${escapeHtml(scoreLabel(body.score))}
      <a href="${escapeHtml(body.link || "")}">${escapeHtml((body.transactionHash || "").slice(0, 12))}…</a></p>`;
  } else if (response.status === 409 && body.detail && body.detail.code === "already_rated") {
    document.getElementById("rating-form").remove();
    out.innerHTML = `<p class="bad" id="rating-already">${T.rate_already}${body.detail.score ? ": " + escapeHtml(scoreLabel(body.detail.score)) : ""}</p>`;
  } else {
    const reason = body.detail && body.detail[LANG] ? body.detail[LANG] : response.status;
    out.innerHTML = `<p class="bad" id="rating-failed">${T.rate_failed}: ${escapeHtml(reason)}</p>`;
  }
}

// Same as zhangdian_sdk.certificates: field hashes, digest, StandardMerkleTree leaf and proof.
// The chain is asked with the leaf's preimage (certificate id, digest) and hashes the leaf itself.
function certificateLeaf(doc) {
  const names = Object.keys(doc.fields).sort();
  const fieldHash = (name) => {
    const entry = doc.fields[name];
    if (entry.hash) return hexToBytes(entry.hash);
    return keccak(concat(keccak(encoder.encode(name)), keccak(encoder.encode(entry.value)), hexToBytes(entry.salt)));
  };
  const fieldsRoot = keccak(concat(...names.map(fieldHash)));
  const digest = keccak(concat(
    keccak(encoder.encode("zhangdian:certificate:v1")), hexToBytes(doc.certificateId), code32(doc.issuer), word(doc.region),
    code32(doc.type), hexToBytes(doc.subjectCommitment), word(doc.issuedAt), word(doc.validFrom), word(doc.validUntil),
    hexToBytes(doc.applicationId), fieldsRoot,
  ));
  return { digest, leaf: keccak(keccak(concat(hexToBytes(doc.certificateId), digest))) };
}

function processProof(leaf, proof) {
  let node = leaf;
  for (const siblingHex of proof) {
    const sibling = hexToBytes(siblingHex);
    const first = bytesToHex(node) < bytesToHex(sibling);
    node = keccak(first ? concat(node, sibling) : concat(sibling, node));
  }
  return node;
}

async function verifyFile(event) {
  const out = document.getElementById("verify-result");
  const file = event.target.files[0];
  if (!file) return;
  const buffer = await file.arrayBuffer();
  const fingerprint = bytesToHex(new Uint8Array(await crypto.subtle.digest("SHA-256", buffer)));
  const checks = [];
  let doc;
  try {
    doc = JSON.parse(new TextDecoder().decode(buffer));
    const { digest, leaf } = certificateLeaf(doc);
    const intact = bytesToHex(processProof(leaf, doc.proof.merkleProof)) === doc.proof.root.toLowerCase();
    checks.push({ name: "integrity", ok: intact, code: intact ? "INTEGRITY_OK" : "INTEGRITY_MISMATCH",
      message_zh: intact ? "证照内容完整" : "证照内容与其默克尔证明不符", message_en: intact ? "the document is intact" : "the document does not match its Merkle proof" });
    const query = new URLSearchParams({ root: doc.proof.root, issuer: doc.issuer, certificateId: doc.certificateId,
      digest: bytesToHex(digest), region: doc.region, proof: doc.proof.merkleProof.join(",") });
    const chain = await getJson(`/api/certificates/status?${query}`);
    const now = Date.now() / 1000;
    const inDates = now >= doc.validFrom && (!doc.validUntil || now <= doc.validUntil);
    checks.push(...chain.checks.slice(0, 3));
    checks.push({ name: "validity", ok: inDates, code: inDates ? "VALIDITY_OK" : "EXPIRED",
      message_zh: inDates ? "在有效期内" : "不在有效期内", message_en: inDates ? "within its validity dates" : "outside its validity dates" });
    checks.push(chain.checks[3]);
    if (doc.annotation) {  // a 加注件: shared for one purpose until a date
      const current = now <= doc.annotation.validUntil;
      checks.push({ name: "annotation", ok: current, code: current ? "ANNOTATION_OK" : "ANNOTATION_EXPIRED",
        message_zh: `加注件, 用证事由: ${doc.annotation.purpose}${current ? "" : " (已过有效期)"}`,
        message_en: `annotated copy for: ${doc.annotation.purpose}${current ? "" : " (expired)"}` });
    }
    const expired = chain.status && chain.status.code === "VALID" && !inDates && now > doc.validFrom;
    const status = expired ? { zh: "失效", en: "Expired" } : chain.status;
    const licenceRows = Object.entries(LICENCE_LABELS).filter(([key]) => doc.fields[key] && doc.fields[key].value)
      .map(([key, label]) => `<tr><th>${escapeHtml(label[LANG])}</th><td>${escapeHtml(doc.fields[key].value)}</td></tr>`);
    const valid = checks.every((c) => c.ok);
    const rows = checks.map((c) => `<tr class="check" data-code="${escapeHtml(c.code)}"><td>${escapeHtml(c.name)}</td>
      <td class="${c.ok ? "ok" : "bad"}">${c.ok ? "✔" : "✘"} ${escapeHtml(LANG === "zh" ? c.message_zh : c.message_en)}</td></tr>`);
    out.innerHTML = `<p>${T.fingerprint}: <code id="fingerprint">${fingerprint}</code></p>
      <p id="verdict" class="${valid ? "ok" : "bad"}">${valid ? T.valid : T.invalid}</p>
      ${status ? `<p id="status">${escapeHtml(status[LANG])}</p>` : ""}
      ${licenceRows.length ? `<table id="licence">${licenceRows.join("")}</table>` : ""}
      <table id="checks"><tr><th>${T.check}</th><th>${T.result}</th></tr>${rows.join("")}</table>
      <p class="verified">${T.verified_at.replace("{block}", chain.verifiedAtBlock)}</p>`;
  } catch (error) {
    out.innerHTML = `<p id="verdict" class="bad">${T.invalid}</p>`;
  }
}

async function showUses(event) {
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

document.addEventListener("DOMContentLoaded", () => {
  document.getElementById("lookup-form")?.addEventListener("submit", lookup);
  document.getElementById("certificate-file")?.addEventListener("change", verifyFile);
  document.getElementById("uses-form")?.addEventListener("submit", showUses);
});
