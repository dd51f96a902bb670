'use strict';
/**
 * A local SMTP server for the automation benchmark, in a process of its own (so that receiving
 * does not take CPU from the app under test): accepts every message, counts messages and
 * recipients, and reports to its parent over IPC. Started with fork(); prints nothing.
 */
const { SMTPServer } = require('smtp-server');

const recipients = new Set();
let messages = 0;
let bytes = 0;
let sample = null;

const server = new SMTPServer({
  authOptional: true,
  disabledCommands: ['STARTTLS', 'AUTH'],
  logger: false,
  closeTimeout: 200,
  onData(stream, session, callback) {
    const chunks = [];
    stream.on('data', (chunk) => {
      bytes += chunk.length;
      if (!sample) chunks.push(chunk);
    });
    stream.on('end', () => {
      messages += 1;
      for (const to of session.envelope.rcptTo) recipients.add(to.address);
      if (!sample) sample = Buffer.concat(chunks).toString('utf8');
      callback();
    });
  },
});

process.on('message', (message) => {
  if (message === 'count')
    process.send({ messages, recipients: recipients.size, bytes, sample, cpu: process.cpuUsage() });
  if (message === 'stop') server.close(() => process.exit(0));
});

// replies are small writes: without this, Nagle's algorithm holds each back for the client's delayed ACK
server.server.on('connection', (socket) => socket.setNoDelay(true));
server.listen(0, '127.0.0.1', () => process.send({ port: server.server.address().port }));
