'use strict';
/**
 * Installed by counters-preload.js into a benchmarked server when BENCH_PLUGIN_SWITCH is set: what
 * the plugin registers to run on requests (its Koa middleware, its Document Service middlewares,
 * its query lifecycles) is wrapped as Strapi receives it, so that the benchmark can switch all of
 * it off and on in the running process. Switched off, a request passes the plugin's functions by;
 * its routes, timers and loaded code stay as they are. One process measured both ways has one JIT
 * state and memory layout, which two processes never share.
 */
const fs = require('node:fs');
const Module = require('node:module');
const path = require('node:path');

const PLUGIN_SERVER_ENTRY = path.resolve(__dirname, '../../plugin/dist/server/index.js');

let switchedOff = false;

const passing = (handler) =>
  function switchable(first, next) {
    return switchedOff ? next() : handler(first, next);
  };

const lifecycleWrapped = (subscriber) =>
  Object.fromEntries(
    Object.entries(subscriber).map(([name, value]) => [
      name,
      typeof value === 'function' ? (event) => (switchedOff ? undefined : value(event)) : value,
    ])
  );

/** What `read` returns, or undefined where Strapi has not made it yet (its container throws). */
function present(read) {
  try {
    return read();
  } catch {
    return undefined;
  }
}

/** Runs a lifecycle of the plugin (`register`, `bootstrap`) with Strapi's registration functions wrapping what it registers. */
async function registering(strapi, lifecycle, args) {
  const targets = [
    [() => strapi.documents, 'use', passing],
    [() => strapi.server, 'use', passing],
    [() => strapi.db.lifecycles, 'subscribe', lifecycleWrapped],
  ]
    .map(([owner, name, wrap]) => [present(owner), name, wrap])
    .filter(([owner]) => owner);
  const originals = targets.map(([owner, name]) => owner[name]);
  targets.forEach(([owner, name, wrap], index) => {
    owner[name] = (registered) => originals[index].call(owner, wrap(registered));
  });
  try {
    return await lifecycle(args);
  } finally {
    targets.forEach(([owner, name], index) => (owner[name] = originals[index]));
  }
}

function wrapPlugin(plugin) {
  for (const name of ['register', 'bootstrap']) {
    const lifecycle = plugin[name];
    plugin[name] = (args) => registering(args.strapi, lifecycle, args);
  }
}

/** Wraps the plugin's server entry once Strapi loads it. */
function install() {
  const entry = fs.realpathSync(PLUGIN_SERVER_ENTRY);
  const load = Module._load;
  Module._load = function loadWatching(...args) {
    const loaded = load.apply(this, args);
    if (require.cache[entry]?.exports === loaded && loaded.default) {
      wrapPlugin(loaded.default);
      Module._load = load;
    }
    return loaded;
  };
}

module.exports = {
  install,
  /** `off`: requests pass the plugin's functions by from now on; `on`: they run again. */
  set(state) {
    switchedOff = state === 'off';
  },
};
