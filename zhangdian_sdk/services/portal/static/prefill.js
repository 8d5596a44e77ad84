// A printed receipt's QR code opens /?lang=zh#number=<number>&receipt=<hex> (zhangdian_sdk.services.receipt):
// the fragment never reaches the server. Here it fills the lookup form, then leaves the address bar and the
// history (history.replaceState) so the receipt code does not stay there. The ID number is never in a URL:
// the citizen types it.
export function prefillFromFragment() {
  const form = document.getElementById("lookup-form");
  if (!form || location.hash.length < 2) return false;
  const params = new URLSearchParams(location.hash.slice(1));
  const number = params.get("number");
  const receipt = params.get("receipt");
  if (number === null && receipt === null) return false; // another page's fragment: not ours
  if (number !== null) document.getElementById("number").value = number.trim();
  if (receipt !== null) document.getElementById("receipt").value = receipt.trim();
  history.replaceState(history.state, "", location.pathname + location.search);
  document.getElementById("identity")?.focus();
  return true;
}

// Module scripts run once the page is parsed; a second scan in the same tab changes only the fragment.
prefillFromFragment();
window.addEventListener("hashchange", prefillFromFragment);
