'use strict';
/**
 * Command-line frame of a benchmark script: whole-number options with limits, --help, and app
 * servers that never outlive the script (stopped on Ctrl-C / SIGTERM and on failure, killed on
 * any other exit).
 */
const { parseArgs } = require('node:util');
const { stopAllApps, killAllAppsNow } = require('./app-server');

/**
 * Parses `--name <whole number>` options; `limits` maps each name to { fallback, min, max }.
 * `otherOptions` are further util.parseArgs options (flags, strings), returned as parsed.
 * Returns { help, ...values } or throws a message that names the option.
 */
function parseWholeNumberOptions(argv, limits, otherOptions = {}) {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      ...Object.fromEntries(Object.keys(limits).map((name) => [name, { type: 'string' }])),
      ...otherOptions,
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  const options = { help: values.help };
  for (const name of Object.keys(otherOptions)) options[name] = values[name];
  for (const [name, { fallback, min, max }] of Object.entries(limits)) {
    const value = values[name] === undefined ? fallback : Number(values[name]);
    if (!Number.isInteger(value) || value < min || value > max) {
      throw new Error(
        `--${name} must be a whole number from ${min} to ${max}, got ${values[name]}`
      );
    }
    options[name] = value;
  }
  return options;
}

/** Runs `main(argv)`; a failure is printed as `<name> failed: …` with exit code 1. */
function runBenchmarkScript(name, main) {
  process.on('exit', killAllAppsNow);
  let interrupted = false;
  for (const signal of ['SIGINT', 'SIGTERM']) {
    process.on(signal, () => {
      if (interrupted) process.exit(130); // impatient second signal: the exit handler kills the servers
      interrupted = true;
      console.error(`\n${signal}: stopping the app server`);
      stopAllApps().finally(() => process.exit(130));
    });
  }
  main(process.argv.slice(2)).catch(async (error) => {
    console.error(`${name} failed: ${error.message}`);
    await stopAllApps();
    process.exitCode = 1;
  });
}

module.exports = { parseWholeNumberOptions, runBenchmarkScript };
