'use strict';
/**
 * Preloaded into a benchmarked server (`node -r`): on the Unix socket BENCH_COUNTERS_SOCKET it
 * answers every newline with the process's own counters so far, so that the benchmark can read
 * them between requests without touching the app:
 *
 *   `<user + system CPU µs, all threads> <bytes allocated on the V8 heap> <young-generation collections> <full (mark-compact) collections> <µs spent in collections>`
 *
 * Node 20 has no counter of allocated bytes (v8.getHeapStatistics() has none), so it is
 * derived exactly: the heap in use now plus everything the garbage collections so far have
 * freed, read from v8.GCProfiler, which records the heap in use before and after each one.
 *
 * A line `gc` runs a full garbage collection before the counters are answered. With
 * BENCH_PLUGIN_SWITCH set, plugin-switch.js is installed, and a line `off` or `on` switches the
 * plugin's per-request work off or on.
 */
const net = require('node:net');
const v8 = require('node:v8');
const vm = require('node:vm');

const socketPath = process.env.BENCH_COUNTERS_SOCKET;

if (socketPath) {
  const pluginSwitch = process.env.BENCH_PLUGIN_SWITCH ? require('./plugin-switch') : null;
  pluginSwitch?.install();
  // gc() without --expose-gc on the app's command line: the flag holds for contexts made after it
  v8.setFlagsFromString('--expose-gc');
  const collectGarbage = vm.runInNewContext('gc');
  let profiler = new v8.GCProfiler();
  profiler.start();
  let freedBytes = 0;
  let minorCollections = 0;
  let fullCollections = 0;
  let collectionMicros = 0;

  function counters() {
    // The next profiler starts before this one stops, so that no collection falls between them.
    const next = new v8.GCProfiler();
    next.start();
    const { statistics } = profiler.stop();
    profiler = next;
    for (const gc of statistics) {
      freedBytes +=
        gc.beforeGC.heapStatistics.usedHeapSize - gc.afterGC.heapStatistics.usedHeapSize;
      collectionMicros += gc.cost;
      if (gc.gcType === 'Scavenge' || gc.gcType === 'MinorMarkCompact') minorCollections += 1;
      else if (gc.gcType === 'MarkSweepCompact') fullCollections += 1;
    }
    const cpu = process.cpuUsage();
    const allocated = v8.getHeapStatistics().used_heap_size + freedBytes;
    return `${cpu.user + cpu.system} ${allocated} ${minorCollections} ${fullCollections} ${Math.round(collectionMicros)}\n`;
  }

  const server = net.createServer((socket) => {
    socket.setEncoding('latin1');
    let line = '';
    socket.on('data', (chunk) => {
      for (const character of chunk) {
        if (character !== '\n') {
          line += character;
          continue;
        }
        if (line === 'gc') collectGarbage();
        else if (line) pluginSwitch?.set(line);
        line = '';
        socket.write(counters());
      }
    });
    socket.on('error', () => socket.destroy());
  });
  server.listen(socketPath);
  server.unref(); // the app's own shutdown decides when the process ends
}
