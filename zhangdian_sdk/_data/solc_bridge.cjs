#!/usr/bin/env node
// Speaks the native solc command line (`--version`, `--standard-json`) on top of the
// WebAssembly compiler from the npm `solc` package, for machines where no native binary
// can be downloaded. The output is written to the file named by `--out` because Node cuts
// a piped stdout at 64 KiB when the process exits; the shell wrapper prints that file.
"use strict";
const fs = require("fs");
const path = require("path");

function parseArgs(argv) {
  const opts = { includePaths: [], basePath: null, out: null, solcDir: null, mode: null };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const [flag, inline] = arg.includes("=") ? arg.split(/=(.*)/s, 2) : [arg, undefined];
    const value = () => (inline !== undefined ? inline : argv[++i]);
    switch (flag) {
      case "--version": opts.mode = "version"; break;
      case "--standard-json": opts.mode = "standard-json"; break;
      case "--base-path": opts.basePath = value(); break;
      case "--include-path": opts.includePaths.push(value()); break;
      case "--allow-paths": value(); break; // solc-js reads only what the callback returns
      case "--out": opts.out = value(); break;
      case "--solc-dir": opts.solcDir = value(); break;
      default:
        if (!flag.startsWith("-")) break; // a stray input file; standard JSON names its sources
        process.stderr.write(`unsupported option for the WebAssembly compiler: ${flag}\n`);
        process.exit(2);
    }
  }
  return opts;
}

function makeImportCallback(opts) {
  const roots = [opts.basePath || process.cwd(), ...opts.includePaths];
  return function findImport(importPath) {
    const candidates = path.isAbsolute(importPath)
      ? [importPath]
      : roots.map((root) => path.resolve(root, importPath));
    for (const candidate of candidates) {
      if (fs.existsSync(candidate) && fs.statSync(candidate).isFile()) {
        return { contents: fs.readFileSync(candidate, "utf8") };
      }
    }
    return { error: `File not found: ${importPath} (searched ${roots.join(", ")})` };
  };
}

function main() {
  const opts = parseArgs(process.argv.slice(2));
  const solc = require(opts.solcDir || "solc");
  const write = (text) => (opts.out ? fs.writeFileSync(opts.out, text) : process.stdout.write(text));
  if (opts.mode === "version") {
    write(`solc, the solidity compiler commandline interface\nVersion: ${solc.version()}\n`);
    return 0;
  }
  if (opts.mode !== "standard-json") {
    process.stderr.write("only --version and --standard-json are supported\n");
    return 2;
  }
  const input = fs.readFileSync(0, "utf8");
  write(solc.compile(input, { import: makeImportCallback(opts) }));
  return 0;
}

process.exitCode = main();
