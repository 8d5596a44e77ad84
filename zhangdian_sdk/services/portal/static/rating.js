// 好差评: the rating form of a concluded application, signed here with the receipt code's key.
import { T, LANG, escapeHtml, bytesToHex, ratingSignature, ratingDigest } from "/static/common.js";

// 好差评: the five national levels, best first; a concluded application is rated once. A score comes as
// a Named ({code, name: {zh, en}}) in the application view, or as {value, zh, en} from the rating call.
export const scoreLabel = (score) => (score.name ? `${score.name.zh} ${score.name.en}` : `${score.zh} ${score.en}`);
export function ratingForm(rating) {
  if (!rating) return "";
  if (rating.score) {
    return `<h3>${T.rate}</h3><p id="rating-already" class="ok">${T.rate_already}: ${escapeHtml(scoreLabel(rating.score))}</p>`;
  }
  if (!rating.can_rate) return "";
  const options = rating.options.map((o) => `<label class="rating-option"><input type="radio" name="score"
    value="${escapeHtml(o.code)}" id="score-${escapeHtml(o.code)}" required> ${escapeHtml(scoreLabel(o))}</label>`);
  return `<h3>${T.rate}</h3><form id="rating-form"><p>${T.rate_prompt}</p>${options.join(" ")}
    <p><button type="submit" id="rate-submit">${T.rate_submit}</button></p></form><div id="rating-result"></div>`;
}

export async function rate(event, app, salt, inner) {
  event.preventDefault();
  const chosen = document.querySelector("#rating-form input[name=score]:checked");
  if (!chosen) return;
  const score = Number(chosen.value);
  const out = document.getElementById("rating-result");
  out.textContent = "…";
  let signature;
  try {
    const domain = { chainId: app.rating.chain_id, verifyingContract: app.rating.verifying_contract };
    signature = await ratingSignature(salt, ratingDigest(domain, app.application_id, score));
  } catch (error) {
    out.innerHTML = `<p class="bad" id="rating-failed">${T.rate_failed}: ${escapeHtml(T.rate_unsigned)}</p>`;
    return;
  }
  const response = await fetch(`/api/applications/${app.application_id}/rating`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ score, inner: bytesToHex(inner), signature }),
  });
  const body = await response.json().catch(() => ({}));
  if (response.ok) {
    document.getElementById("rating-form").remove();
    out.innerHTML = `<p class="ok" id="rating-done">${T.rate_done}: ${escapeHtml(scoreLabel(body.score))}
      <a href="${escapeHtml(body.link || "")}">${escapeHtml((body.transaction_hash || "").slice(0, 12))}…</a></p>`;
  } else if (response.status === 409 && body.detail && body.detail.code === "already_rated") {
    document.getElementById("rating-form").remove();
    out.innerHTML = `<p class="bad" id="rating-already">${T.rate_already}${body.detail.score ? ": " + escapeHtml(scoreLabel(body.detail.score)) : ""}</p>`;
  } else {
    const reason = body.detail && body.detail[LANG] ? body.detail[LANG] : response.status;
    out.innerHTML = `<p class="bad" id="rating-failed">${T.rate_failed}: ${escapeHtml(reason)}</p>`;
  }
}

