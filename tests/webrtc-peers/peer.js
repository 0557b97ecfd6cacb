'use strict';
// A libwebrtc peer (@roamhq/wrtc) that the C# interop tests drive over stdin/stdout, one JSON object per line.
//
//   node peer.js offer    creates a data channel "echo", prints {"type":"offer","sdp":...}, waits for the answer
//   node peer.js answer   waits for {"type":"offer","sdp":...} and prints {"type":"answer","sdp":...}
//
// stdin:  {"type":"offer"|"answer","sdp":"..."}  {"type":"candidate","candidate":"..."}  {"type":"exit"}
// stdout: the descriptions, and {"type":"event","event":"channel-open"|"channel-closed","label":"..."},
//         {"type":"event","event":"connection","state":"..."}
// Every data channel echoes each message back unchanged (string stays string, binary stays binary), except:
//   - a channel labelled "sink" (bulk data to libwebrtc): counts the bytes it receives, sends the running count back
//     as text after every MiB (the reply stream a sync protocol has), and answers the text "done" with
//     {"bytes":..,"sha256":..} of everything received;
//   - {"type":"bulk","label":..,"totalBytes":..,"messageBytes":..} on stdin (bulk data from libwebrtc): opens a
//     channel with that label and sends totalBytes of random data in messages of messageBytes; the other side
//     replies as it likes, and once it sends the text "done" we print
//     {"type":"event","event":"bulk-done","label":..,"bytes":..,"sha256":..,"replies":..}.
// {"type":"close","label":..} closes the channel(s) with that label (an SCTP stream reset); {"type":"close-connection"}
// closes the peer connection (SCTP ABORT, DTLS close) and keeps the process running, so the test sees our side react.
// Only 127.0.0.1 UDP candidates are handed out, so all traffic stays on loopback, unless PEER_ALL_CANDIDATES=1
// (the NAT tests run this peer inside a network namespace of their own): then every UDP candidate is. PEER_ICE_SERVERS
// is a JSON array of RTCIceServer objects (the NAT tests' coturn); none by default.
const crypto = require('crypto');
const wrtc = require('@roamhq/wrtc');
const readline = require('readline');

const role = process.argv[2];
if (role !== 'offer' && role !== 'answer') {
  process.stderr.write('usage: node peer.js offer|answer\n');
  process.exit(2);
}

const emit = (message) => process.stdout.write(JSON.stringify(message) + '\n');
const iceServers = process.env.PEER_ICE_SERVERS ? JSON.parse(process.env.PEER_ICE_SERVERS) : [];
const allCandidates = process.env.PEER_ALL_CANDIDATES === '1';
const pc = new wrtc.RTCPeerConnection({ iceServers });

function loopbackOnly(sdp) {
  return sdp
    .split('\r\n')
    .filter((line) => {
      if (!line.startsWith('a=candidate:')) return true;
      const fields = line.split(' ');
      return fields[2].toLowerCase() === 'udp' && (allCandidates || fields[4] === '127.0.0.1');
    })
    .join('\r\n');
}

function gathered() {
  return new Promise((resolve) => {
    if (pc.iceGatheringState === 'complete') return resolve();
    pc.onicegatheringstatechange = () => pc.iceGatheringState === 'complete' && resolve();
  });
}

const channels = new Set();

function echo(channel) {
  channels.add(channel);
  channel.binaryType = 'arraybuffer';
  channel.onopen = () => emit({ type: 'event', event: 'channel-open', label: channel.label });
  channel.onmessage = (e) => channel.send(e.data);
  channel.onclose = () => emit({ type: 'event', event: 'channel-closed', label: channel.label });
  if (channel.readyState === 'open') emit({ type: 'event', event: 'channel-open', label: channel.label });
}

const MiB = 1024 * 1024;

function sink(channel) {
  channels.add(channel);
  channel.binaryType = 'arraybuffer';
  const hash = crypto.createHash('sha256');
  let bytes = 0;
  channel.onopen = () => emit({ type: 'event', event: 'channel-open', label: channel.label });
  channel.onclose = () => emit({ type: 'event', event: 'channel-closed', label: channel.label });
  channel.onmessage = (e) => {
    if (typeof e.data === 'string') {
      if (e.data === 'done') channel.send(JSON.stringify({ bytes, sha256: hash.digest('hex') }));
      return;
    }
    const before = Math.floor(bytes / MiB);
    hash.update(new Uint8Array(e.data));
    bytes += e.data.byteLength;
    if (Math.floor(bytes / MiB) > before) channel.send(String(bytes));
  };
  if (channel.readyState === 'open') emit({ type: 'event', event: 'channel-open', label: channel.label });
}

// libwebrtc's bufferedamountlow does not fire reliably in wrtc: poll the buffer instead (as bench.js does).
const drained = async (channel) => {
  while (channel.bufferedAmount > 4 * MiB) await new Promise((resolve) => setTimeout(resolve, 1));
};

function bulk({ label, totalBytes, messageBytes }) {
  const channel = pc.createDataChannel(label);
  channels.add(channel);
  channel.binaryType = 'arraybuffer';
  const hash = crypto.createHash('sha256');
  let replies = 0;
  let sent = 0;
  channel.onmessage = (e) => {
    if (e.data === 'done') {
      emit({ type: 'event', event: 'bulk-done', label, bytes: sent, sha256: hash.digest('hex'), replies });
    } else {
      replies++;
    }
  };
  // wrtc does not always fire onopen for a channel created after the connection is up: poll its state too.
  const open = new Promise((resolve) => {
    const poll = setInterval(() => channel.readyState === 'open' && opened(), 5);
    const opened = () => { clearInterval(poll); resolve(); };
    channel.onopen = opened;
  });
  open.then(async () => {
    while (sent < totalBytes) {
      await drained(channel);
      const message = new Uint8Array(Math.min(messageBytes, totalBytes - sent));
      crypto.randomFillSync(message);
      hash.update(message);
      channel.send(message);
      sent += message.length;
    }
  }).catch((e) => {
    process.stderr.write(String(e && e.stack || e) + '\n');
    process.exit(1);
  });
}

pc.ondatachannel = (e) => (e.channel.label === 'sink' ? sink(e.channel) : echo(e.channel));
pc.onconnectionstatechange = () => emit({ type: 'event', event: 'connection', state: pc.connectionState });

async function describe(kind) {
  const description = kind === 'offer' ? await pc.createOffer() : await pc.createAnswer();
  await pc.setLocalDescription(description);
  await gathered();
  emit({ type: kind, sdp: loopbackOnly(pc.localDescription.sdp) });
}

async function onLine(line) {
  if (!line.trim()) return;
  const message = JSON.parse(line);
  switch (message.type) {
    case 'offer':
      await pc.setRemoteDescription({ type: 'offer', sdp: message.sdp });
      await describe('answer');
      break;
    case 'answer':
      await pc.setRemoteDescription({ type: 'answer', sdp: message.sdp });
      break;
    case 'candidate':
      await pc.addIceCandidate({ candidate: message.candidate, sdpMid: '0' });
      break;
    case 'bulk':
      bulk(message);
      break;
    case 'close':
      for (const channel of channels) if (channel.label === message.label) channel.close();
      break;
    case 'close-connection':
      pc.close();
      break;
    case 'exit':
      pc.close();
      // Node lingers ~15 s after close() otherwise (libwebrtc threads).
      process.exit(0);
  }
}

const input = readline.createInterface({ input: process.stdin });
let queue = Promise.resolve();
input.on('line', (line) => {
  queue = queue.then(() => onLine(line)).catch((e) => {
    process.stderr.write(String(e && e.stack || e) + '\n');
    process.exit(1);
  });
});
input.on('close', () => { pc.close(); process.exit(0); });

if (role === 'offer') {
  echo(pc.createDataChannel('echo'));
  describe('offer').catch((e) => { process.stderr.write(String(e) + '\n'); process.exit(1); });
}
