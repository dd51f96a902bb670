'use strict';
/**
 * What the benchmark sections of BENCHMARKS.md have in common: machine facts, the command as
 * typed, the date, padded markdown tables and latency percentiles.
 */
const { execFileSync } = require('node:child_process');
const os = require('node:os');

function machineFacts() {
  return {
    cpus: execFileSync('nproc', { encoding: 'utf8' }).trim(),
    cpuModel: os.cpus()[0]?.model?.trim() ?? 'unknown CPU',
    node: process.version,
    system: `${os.type()} ${os.release()} ${os.arch()}`,
    loadAtStart: os.loadavg()[0].toFixed(2),
  };
}

const machineLine = (facts) =>
  `${facts.cpus} CPUs (\`nproc\`), ${facts.cpuModel}, Node ${facts.node} (\`node -v\`), ${facts.system}; ` +
  `1-minute load average at start: ${facts.loadAtStart}`;

/** A busy machine makes every figure worse; say so before measuring rather than after. */
function warnIfBusy(facts) {
  if (Number(facts.loadAtStart) > Number(facts.cpus) / 2) {
    console.warn(
      `warning: 1-minute load average is ${facts.loadAtStart} on ${facts.cpus} CPUs; results will be noisier`
    );
  }
}

/** The command as typed, for the report (the script may have been started through npm or node). */
function commandLine(script, argv) {
  const quote = (arg) => (/^[\w./=:-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`);
  return [script, ...argv.map(quote)].join(' ');
}

const reportDate = () =>
  new Date()
    .toISOString()
    .replace('T', ' ')
    .replace(/:\d\d\.\d+Z$/, ' UTC');

/**
 * Markdown table with padded columns, so that it reads as well in the terminal as in the file;
 * the first `labelColumns` columns are text (left-aligned), the rest figures (right-aligned).
 */
function markdownTable(header, rows, labelColumns) {
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => String(row[column]).length))
  );
  const isLabel = (column) => column < labelColumns;
  const pad = (cell, column) =>
    isLabel(column) ? String(cell).padEnd(widths[column]) : String(cell).padStart(widths[column]);
  const line = (cells) => `| ${cells.map(pad).join(' | ')} |`;
  const separator = `|${widths.map((width, column) => (isLabel(column) ? '-'.repeat(width + 2) : `${'-'.repeat(width + 1)}:`)).join('|')}|`;
  return [line(header), separator, ...rows.map(line)].join('\n');
}

/** Nearest-rank percentile (p in 0..100) of numbers sorted ascending. */
function percentile(sorted, p) {
  return sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)];
}

const formatMs = (value) => `${Number.isInteger(value) ? value : value.toFixed(1)} ms`;
const formatCount = (value) => value.toLocaleString('en-US');

module.exports = {
  machineFacts,
  machineLine,
  warnIfBusy,
  commandLine,
  reportDate,
  markdownTable,
  percentile,
  formatMs,
  formatCount,
};
