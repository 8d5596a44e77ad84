// The portal's browser side, one module per page (lookup, verify, uses) over common.js. Personal data
// stays here: the application number's hash, the applicant commitment and the certificate's hashes are
// computed in this page; only hashes go to the server.
import { lookup } from "/static/lookup.js";
import { verifyFile } from "/static/verify.js";
import { showUses } from "/static/uses.js";
import "/static/prefill.js";

document.addEventListener("DOMContentLoaded", () => {
  document.getElementById("lookup-form")?.addEventListener("submit", lookup);
  document.getElementById("certificate-file")?.addEventListener("change", verifyFile);
  document.getElementById("uses-form")?.addEventListener("submit", showUses);
});
