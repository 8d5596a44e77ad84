// The certificate page: the file's hashes are computed here; only hashes go to the server.
import { T, LANG, encoder, keccak, word, code32, bytesToHex, hexToBytes, concat, escapeHtml, getJson } from "/static/common.js";

// GB/T 36903 metadata shown on a verified licence (zhangdian_sdk.core.licence.LICENCE_FIELDS).
export const LICENCE_LABELS = {
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
// Same as zhangdian_sdk.certificates: field hashes, digest, StandardMerkleTree leaf and proof.
// The chain is asked with the leaf's preimage (certificate id, digest) and hashes the leaf itself.
export function certificateLeaf(doc) {
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
  // The status-list format (version 2) binds the certificate's status index into its leaf.
  const indexed = doc.proof && doc.proof.statusIndex !== undefined && doc.proof.statusIndex !== null;
  const preimage = indexed ? concat(hexToBytes(doc.certificateId), digest, word(doc.proof.statusIndex))
    : concat(hexToBytes(doc.certificateId), digest);
  return { digest, leaf: keccak(keccak(preimage)) };
}

export function processProof(leaf, proof) {
  let node = leaf;
  for (const siblingHex of proof) {
    const sibling = hexToBytes(siblingHex);
    const first = bytesToHex(node) < bytesToHex(sibling);
    node = keccak(first ? concat(node, sibling) : concat(sibling, node));
  }
  return node;
}

// Same as zhangdian_sdk.facades.completion: the completion certificate's digest (abi.encode of the
// certificate type, service, version, applicant commitment and completion time: all static, one word
// each) and its root, the StandardMerkleTree leaf of (application id, digest): a batch of one.
export function completionDigest(doc) {
  return keccak(concat(code32(doc.certificate_type), code32(doc.service), word(doc.service_version),
    hexToBytes(doc.applicant_commitment), word(doc.completed_at)));
}
export function completionRoot(doc) {
  return keccak(keccak(concat(hexToBytes(doc.application_id), completionDigest(doc))));
}

const HOME_REGION = 370303;
const named = (names, key, code) => {
  const name = names && names[key] ? names[key][LANG] : code;
  return `${escapeHtml(name)}${name !== code ? ` <span class="code">(${escapeHtml(code)})</span>` : ""}`;
};

// 换发/补发 (issue 18): what replaced the certificate, or what it replaced, as the chain links them.
const REPLACEMENT = {
  replaced_by: { zh: "已换发", en: "Replaced" },
  replaces: { zh: "换发自", en: "Replaces" },
  by: { zh: "由以下证照取代", en: "replaced by" },
  of: { zh: "取代以下证照", en: "replaces" },
  batch: { zh: "批次中同一编号的证照", en: "the certificate with the same id in batch" },
  on: { zh: "日期", en: "on" },
  reason: { zh: "原因", en: "reason" },
  beijing: { zh: "北京时间", en: "Beijing time" },
};
export function replacementBlock(chain) {
  const side = (link, key, verb) => {
    if (!link) return "";
    const other = link.certificate_id ? `<code class="replacement-id">${escapeHtml(link.certificate_id)}</code>`
      : `${escapeHtml(REPLACEMENT.batch[LANG])} <code class="replacement-id">${escapeHtml(link.root)}</code>`;
    return `<div class="replacement" id="${key.replace("_", "-")}" data-reason="${escapeHtml(link.reason.code)}">
      <p class="${key === "replaced_by" ? "bad" : "ok"}"><strong>${REPLACEMENT[key].zh} / ${REPLACEMENT[key].en}</strong></p>
      <dl class="facts">
        <dt>${escapeHtml(REPLACEMENT[verb][LANG])}</dt><dd>${other} <span class="code">(${escapeHtml(link.issuer)})</span></dd>
        <dt>${escapeHtml(REPLACEMENT.on[LANG])}</dt><dd class="replacement-date">${escapeHtml(link.replaced_at_beijing)} ${escapeHtml(REPLACEMENT.beijing[LANG])}</dd>
        <dt>${escapeHtml(REPLACEMENT.reason[LANG])}</dt><dd class="replacement-reason">${escapeHtml(link.reason.name[LANG])}</dd>
      </dl></div>`;
  };
  return side(chain.replaced_by, "replaced_by", "by") + side(chain.replaces, "replaces", "of");
}

function checkRows(checks) {
  return checks.map((c) => `<tr class="check" data-code="${escapeHtml(c.code)}"><td>${escapeHtml(c.name)}</td>
      <td class="${c.ok ? "ok" : "bad"}">${c.ok ? "✔" : "✘"} ${escapeHtml(LANG === "zh" ? c.message_zh : c.message_en)}</td></tr>`).join("");
}

// A completion certificate file (kind "completion", downloaded from the result page): the root is
// recomputed here, and the registry asked with the application id as certificate id and an empty proof.
export async function verifyCompletion(doc, fingerprint, out) {
  const digest = completionDigest(doc);
  const intact = bytesToHex(completionRoot(doc)) === String(doc.root).toLowerCase();
  const checks = [{ name: "integrity", ok: intact, code: intact ? "INTEGRITY_OK" : "INTEGRITY_MISMATCH",
    message_zh: intact ? "证照内容与其根哈希一致" : "证照内容与其根哈希不符 (内容被改动)",
    message_en: intact ? "the document matches its root" : "the document does not match its root: it was changed" }];
  const query = new URLSearchParams({ root: doc.root, issuer: doc.issuer, certificateId: doc.application_id,
    digest: bytesToHex(digest), region: HOME_REGION, proof: "" });
  const chain = await getJson(`/api/certificates/status?${query}`);
  checks.push(...chain.checks);
  const valid = checks.every((c) => c.ok);
  const status = chain.status;
  out.innerHTML = `<p>${T.fingerprint}: <code id="fingerprint">${fingerprint}</code></p>
    <p id="verdict" class="${valid ? "ok" : "bad"}">${valid ? T.valid : T.invalid}</p>
    ${status ? `<p>${T.certificate_status}: <span id="status" data-code="${escapeHtml(status.code)}">${escapeHtml(status.name[LANG])}</span></p>` : ""}
    <dl class="facts" id="completion">
      <dt>${T.completion_certificate}</dt><dd id="certificate-type">${named(doc.names, "certificate_type", doc.certificate_type)}</dd>
      <dt>${T.application_number}</dt><dd id="certificate-number">${escapeHtml(doc.number || doc.application_id)}</dd>
      <dt>${T.service}</dt><dd id="certificate-service">${named(doc.names, "service", doc.service)}</dd>
      <dt>${T.issuer}</dt><dd id="certificate-issuer">${named(doc.names, "issuer", doc.issuer)}</dd>
      <dt>${T.completed_at}</dt><dd>${escapeHtml(doc.completed_at_beijing || String(doc.completed_at))} ${T.beijing_time}</dd>
    </dl>
    ${replacementBlock(chain)}
    <table id="checks"><tr><th>${T.check}</th><th>${T.result}</th></tr>${checkRows(checks)}</table>
    <p class="verified">${T.verified_at.replace("{block}", chain.verified_at_block)}</p>`;
}

export async function verifyFile(event) {
  const out = document.getElementById("verify-result");
  const file = event.target.files[0];
  if (!file) return;
  const buffer = await file.arrayBuffer();
  const fingerprint = bytesToHex(new Uint8Array(await crypto.subtle.digest("SHA-256", buffer)));
  const checks = [];
  let doc;
  try {
    doc = JSON.parse(new TextDecoder().decode(buffer));
    if (doc.kind === "completion") { await verifyCompletion(doc, fingerprint, out); return; }
    const { digest, leaf } = certificateLeaf(doc);
    const intact = bytesToHex(processProof(leaf, doc.proof.merkleProof)) === doc.proof.root.toLowerCase();
    checks.push({ name: "integrity", ok: intact, code: intact ? "INTEGRITY_OK" : "INTEGRITY_MISMATCH",
      message_zh: intact ? "证照内容完整" : "证照内容与其默克尔证明不符", message_en: intact ? "the document is intact" : "the document does not match its Merkle proof" });
    const query = new URLSearchParams({ root: doc.proof.root, issuer: doc.issuer, certificateId: doc.certificateId,
      digest: bytesToHex(digest), region: doc.region, proof: doc.proof.merkleProof.join(",") });
    if (doc.proof.statusIndex !== undefined && doc.proof.statusIndex !== null) {
      query.set("statusIndex", String(doc.proof.statusIndex));
      query.set("issuedBlock", String(doc.proof.issuedBlock || 0));
    }
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
    const status = expired ? { code: "EXPIRED", name: { zh: "失效", en: "Expired" } } : chain.status;
    const licenceRows = Object.entries(LICENCE_LABELS).filter(([key]) => doc.fields[key] && doc.fields[key].value)
      .map(([key, label]) => `<tr><th>${escapeHtml(label[LANG])}</th><td>${escapeHtml(doc.fields[key].value)}</td></tr>`);
    const valid = checks.every((c) => c.ok);
    const rows = checks.map((c) => `<tr class="check" data-code="${escapeHtml(c.code)}"><td>${escapeHtml(c.name)}</td>
      <td class="${c.ok ? "ok" : "bad"}">${c.ok ? "✔" : "✘"} ${escapeHtml(LANG === "zh" ? c.message_zh : c.message_en)}</td></tr>`);
    out.innerHTML = `<p>${T.fingerprint}: <code id="fingerprint">${fingerprint}</code></p>
      <p id="verdict" class="${valid ? "ok" : "bad"}">${valid ? T.valid : T.invalid}</p>
      ${status ? `<p id="status">${escapeHtml(status.name[LANG])}</p>` : ""}
      ${licenceRows.length ? `<table id="licence">${licenceRows.join("")}</table>` : ""}
      ${replacementBlock(chain)}
      <table id="checks"><tr><th>${T.check}</th><th>${T.result}</th></tr>${rows.join("")}</table>
      <p class="verified">${T.verified_at.replace("{block}", chain.verified_at_block)}</p>`;
  } catch (error) {
    out.innerHTML = `<p id="verdict" class="bad">${T.invalid}</p>`;
  }
}

