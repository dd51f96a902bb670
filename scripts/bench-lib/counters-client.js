'use strict';
/**
 * The benchmark's side of counters-preload.js: one connection to a server's counters socket,
 * one reading at a time.
 */
const net = require('node:net');

const READ_TIMEOUT_MS = 10_000;

/**
 * Connects to `socketPath`; resolves to `{ read(command?): Promise<{ cpuMicros, allocatedBytes,
 * minorCollections, fullCollections, collectionMicros }>, close() }`. A command (`gc`: a full
 * collection; `off`, `on`: plugin-switch.js) is carried out before the counters are read.
 */
function connectCounters(socketPath) {
  return new Promise((resolve, reject) => {
    const socket = net.createConnection(socketPath);
    socket.setEncoding('latin1');
    let buffered = '';
    let waiting = null;
    socket.on('data', (chunk) => {
      buffered += chunk;
      const end = buffered.indexOf('\n');
      if (end === -1 || !waiting) return;
      const [cpuMicros, allocatedBytes, minorCollections, fullCollections, collectionMicros] =
        buffered.slice(0, end).split(' ').map(Number);
      buffered = buffered.slice(end + 1);
      const { resolve: answer, timer } = waiting;
      waiting = null;
      clearTimeout(timer);
      answer({ cpuMicros, allocatedBytes, minorCollections, fullCollections, collectionMicros });
    });
    const fail = (error) => {
      if (waiting) {
        clearTimeout(waiting.timer);
        waiting.reject(error);
        waiting = null;
      }
    };
    socket.on('error', (error) => {
      fail(error);
      reject(error);
    });
    socket.on('close', () => fail(new Error(`counters socket ${socketPath} closed`)));
    socket.once('connect', () =>
      resolve({
        read(command = '') {
          if (waiting) return Promise.reject(new Error('one counters reading at a time'));
          return new Promise((answer, refuse) => {
            const timer = setTimeout(
              () => fail(new Error(`no counters from ${socketPath} within ${READ_TIMEOUT_MS} ms`)),
              READ_TIMEOUT_MS
            );
            waiting = { resolve: answer, reject: refuse, timer };
            socket.write(`${command}\n`);
          });
        },
        close: () => socket.destroy(),
      })
    );
  });
}

module.exports = { connectCounters };
