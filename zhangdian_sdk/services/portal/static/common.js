// What every page's script shares: the catalogue's words, hashing, hex, escaping, the applicant
// commitment and the ID-number checks. Personal data stays in the browser: only hashes leave it.
import * as secp from "/vendor/secp256k1.js";

export const T = window.PORTAL.t;
export const LANG = window.PORTAL.lang;
export const encoder = new TextEncoder();

export function hexToBytes(hex) {
  const clean = hex.replace(/^0x/, "");
  if (clean.length % 2 !== 0 || /[^0-9a-fA-F]/.test(clean)) throw new Error("not hex");
  return Uint8Array.from(clean.match(/.{2}/g) || [], (pair) => parseInt(pair, 16));
}
export const bytesToHex = (bytes) => "0x" + Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
export const concat = (...parts) => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const part of parts) { out.set(part, offset); offset += part.length; }
  return out;
};
export const keccak = (bytes) => Uint8Array.from(window.keccak256.array(bytes));
export const word = (value) => hexToBytes(BigInt(value).toString(16).padStart(64, "0"));
export const code32 = (code) => { const out = new Uint8Array(32); out.set(encoder.encode(code)); return out; };
export const escapeHtml = (text) => String(text).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
export const label = (pair) => (pair ? pair[LANG] : "");

// The rating key (zhangdian_sdk.core.privacy.rating_key): its address and its signature of a rating, both
// made here with the audited @noble/secp256k1 so that the receipt code never leaves the page.
export const ratingKey = (salt) => {
  const n = secp.Point.CURVE().n;
  const scalar = (BigInt(bytesToHex(keccak(concat(encoder.encode("zhangdian:rating:v1"), salt)))) % (n - 1n)) + 1n;
  return word(scalar);
};
export const ratingAddress = (salt) => keccak(secp.getPublicKey(ratingKey(salt), false).slice(1)).slice(12);

// RFC 6979 (deterministic, the same signature the SDK's sign_rating makes), low-s, over the EIP-712 digest
// itself; noble's "recovered" form is v|r|s with v in {0, 1}, ServiceRatings wants r|s|(27 + v).
export async function ratingSignature(salt, digest) {
  const signed = await secp.signAsync(digest, ratingKey(salt), { prehash: false, lowS: true, format: "recovered" });
  if (signed[0] > 1) throw new Error("unusable recovery id");
  return bytesToHex(concat(signed.slice(1), Uint8Array.of(27 + signed[0])));
}

// The EIP-712 digest ServiceRatings.ratingDigest computes (zhangdian_sdk.facades.ratings.sign_rating).
export function ratingDigest(rating, applicationId, score) {
  const text = (t) => keccak(encoder.encode(t));
  const domain = keccak(concat(text("EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)"),
    text("ZhangdianServiceRatings"), text("1"), word(rating.chainId), word(rating.verifyingContract)));
  const struct = keccak(concat(text("Rating(bytes32 applicationId,uint8 score)"), hexToBytes(applicationId), word(score)));
  return keccak(concat(Uint8Array.of(0x19, 0x01), domain, struct));
}

// Same as zhangdian_sdk.core.privacy: the inner commitment (length-prefixed parts, keccak-256, over the
// identity checkApplicant normalized), and the commitment keccak256(inner | rating address).
export function applicantInner(identity, salt, department) {
  const parts = [encoder.encode("zhangdian:applicant:v1"), encoder.encode(department), encoder.encode(identity), salt];
  return keccak(concat(...parts.map((p) => concat(Uint8Array.of(p.length >> 8, p.length & 255), p))));
}
export const commitmentOf = (inner, salt) => bytesToHex(keccak(concat(inner, ratingAddress(salt))));

export async function getJson(url) {
  const response = await fetch(url);
  if (response.status === 404) return null;
  if (!response.ok) throw new Error(`${response.status}`);
  return response.json();
}

// Same rules as zhangdian_sdk.core.identifiers.validate_applicant_id: a GB 11643 ID number or a
// GB 32100 credit code, spaces removed and upper case (a lower-case x is the same ID number).
export const USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY";
export const USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
export const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
export const PROVINCES = [11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46,
  50, 51, 52, 53, 54, 61, 62, 63, 64, 65, 71, 81, 82];

export function citizenProblem(id) {
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

export function usccProblem(code) {
  if ([...code].some((c) => !USCC_ALPHABET.includes(c)) || !"123456789ANY".includes(code[0]) || !/^\d{6}$/.test(code.slice(2, 8))) {
    return T.identity_characters;
  }
  const sum = USCC_WEIGHTS.reduce((acc, w, i) => acc + w * USCC_ALPHABET.indexOf(code[i]), 0);
  const expected = USCC_ALPHABET[(31 - (sum % 31)) % 31];
  return code[17] === expected ? null : T.identity_check.replace("{expected}", expected);
}

// [normalized, null] or [null, the reason it is not valid].
export function checkApplicant(text) {
  const id = text.replace(/\s+/g, "").toUpperCase();
  if (id.length !== 18) return [null, T.identity_length.replace("{count}", id.length)];
  if (!/^\d{17}/.test(id)) { const problem = usccProblem(id); return problem ? [null, problem] : [id, null]; }
  const problem = citizenProblem(id);
  return problem && usccProblem(id) ? [null, problem] : [id, null];
}

