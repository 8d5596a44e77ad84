#!/usr/bin/env node
// Storage layouts through OpenZeppelin's @openzeppelin/upgrades-core, offline: the project's
// Standard JSON input is compiled with the WebAssembly solc from node_modules, upgrades-core
// rewrites it so that solc reports the ERC-7201 namespaced structs (makeNamespacedInput), the
// rewritten input is compiled too, and upgrades-core extracts each contract's layout; two
// layouts are compared with upgrades-core's own comparator (getStorageUpgradeReport).
//
// Usage: node layout_bridge.cjs --node-modules DIR --out FILE < request.json
//   {"command": "extract", "input": <standard JSON input>, "contracts": {"Name": "source.sol"}}
//     -> {"layouts": {"Name": <upgrades-core StorageLayout>}}
//   {"command": "compare", "original": <StorageLayout>, "updated": <StorageLayout>}
//     -> {"ok": bool, "report": "<upgrades-core's explanation>"}
// A failure is {"error": "..."}. The answer goes to --out: Node cuts a piped stdout at 64 KiB.
"use strict";
const fs = require("fs");
const path = require("path");

function option(name) {
  const index = process.argv.indexOf(name);
  return index === -1 ? null : process.argv[index + 1];
}

function compile(solc, input) {
  const output = JSON.parse(solc.compile(JSON.stringify(input)));
  const failures = (output.errors || []).filter((e) => e.severity === "error").map((e) => e.formattedMessage);
  if (failures.length > 0) {
    throw new Error("the contracts do not compile:\n" + failures.join("\n"));
  }
  return output;
}

function extract(core, solc, request) {
  // upgrades-core keys its validations by each contract's bytecode and walks the inheritance
  // chain, so every contract needs bytecode; the layout does not depend on the optimizer.
  const selection = { "*": { "*": ["storageLayout", "evm.bytecode.object", "evm.bytecode.linkReferences"], "": ["ast"] } };
  const settings = { ...request.input.settings, optimizer: { enabled: false }, outputSelection: selection };
  const input = { ...request.input, settings };
  const output = compile(solc, input);
  const version = solc.version().split("+")[0];
  const namespacedInput = core.makeNamespacedInput(input, output, version);
  namespacedInput.settings = {
    ...namespacedInput.settings,
    optimizer: { enabled: false },
    outputSelection: { "*": { "*": ["storageLayout"], "": ["ast"] } },
  };
  const namespacedOutput = compile(solc, namespacedInput);
  const validations = core.validate(output, core.solcInputOutputDecoder(input, output), version, input, namespacedOutput);
  const layouts = {};
  for (const [name, source] of Object.entries(request.contracts)) {
    const key = `${source}:${name}`;
    if (!(key in validations) || validations[key].version === undefined) {
      throw new Error(`${key} is not a deployable contract of the input`);
    }
    layouts[name] = core.getStorageLayout([validations], validations[key].version);
  }
  return { layouts };
}

function compare(core, request) {
  const report = core.getStorageUpgradeReport(request.original, request.updated, {});
  return { ok: report.ok, report: report.ok ? "" : report.explain(false) };
}

function main() {
  const modules = option("--node-modules");
  const out = option("--out");
  const load = (name) => require(modules ? path.join(modules, name) : name);
  let answer;
  try {
    const request = JSON.parse(fs.readFileSync(0, "utf8"));
    const core = load("@openzeppelin/upgrades-core");
    if (request.command === "extract") {
      answer = extract(core, load("solc"), request);
    } else if (request.command === "compare") {
      answer = compare(core, request);
    } else {
      answer = { error: `unknown command ${request.command}` };
    }
  } catch (err) {
    answer = { error: err && err.message ? err.message : String(err) };
  }
  const text = JSON.stringify(answer);
  if (out) fs.writeFileSync(out, text);
  else process.stdout.write(text);
  return answer.error === undefined ? 0 : 1;
}

process.exitCode = main();
