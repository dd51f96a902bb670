'use strict';
/**
 * BENCHMARKS.md is shared by several benchmark scripts: each owns one section between
 * `<!-- bench:<name>:start -->` and `<!-- bench:<name>:end -->` and rewrites only that.
 */
const fs = require('node:fs');
const path = require('node:path');

const benchmarksFile = path.resolve(__dirname, '../../BENCHMARKS.md');

const HEADER = `# Benchmarks

Each section below is written by a benchmark script (the section names its command) between
\`<!-- bench:<name>:start -->\` and \`<!-- bench:<name>:end -->\` markers. A script rewrites only
its own section and appends it when missing, so text outside the markers is kept.
`;

/** Replaces (or appends) the section `name` with `markdown`; returns the file written. */
function writeBenchmarkSection(name, markdown) {
  const start = `<!-- bench:${name}:start -->`;
  const end = `<!-- bench:${name}:end -->`;
  const section = `${start}\n${markdown.trim()}\n${end}`;
  const current = fs.existsSync(benchmarksFile) ? fs.readFileSync(benchmarksFile, 'utf8') : HEADER;
  const from = current.indexOf(start);
  const to = current.indexOf(end, from);
  const updated =
    from !== -1 && to !== -1
      ? current.slice(0, from) + section + current.slice(to + end.length)
      : `${current.trimEnd()}\n\n${section}\n`;
  fs.writeFileSync(benchmarksFile, updated);
  return benchmarksFile;
}

module.exports = { writeBenchmarkSection };
