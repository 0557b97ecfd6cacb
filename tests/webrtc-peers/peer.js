'use strict';
// A libwebrtc peer (@roamhq/wrtc) that the C# interop tests drive over stdin/stdout, one JSON object per line.
//
//   node peer.js offer    creates a data channel "echo", prints {"type":"offer","sdp":...}, waits for the answer
//   node peer.js answer   waits for {"type":"offer","sdp":...} and prints {"type":"answer","sdp":...}
//
// stdin:  {"type":"offer"|"answer","sdp":"..."}  {"type":"candidate","candidate":"..."}  {"type":"exit"}
// stdout: the descriptions, and {"type":"event","event":"channel-open"|"channel-closed","label":"..."},
//         {"type":"event","event":"connection","state":"..."}
// Every data channel echoes each message back unchanged (string stays string, binary stays binary).
// Only 127.0.0.1 UDP candidates are handed out, so all traffic stays on loopback.
const wrtc = require('@roamhq/wrtc');
const readline = require('readline');

const role = process.argv[2];
if (role !== 'offer' && role !== 'answer') {
  process.stderr.write('usage: node peer.js offer|answer\n');
  process.exit(2);
}

const emit = (message) => process.stdout.write(JSON.stringify(message) + '\n');
const pc = new wrtc.RTCPeerConnection({ iceServers: [] });

function loopbackOnly(sdp) {
  return sdp
    .split('\r\n')
    .filter((line) => {
      if (!line.startsWith('a=candidate:')) return true;
      const fields = line.split(' ');
      return fields[2].toLowerCase() === 'udp' && fields[4] === '127.0.0.1';
    })
    .join('\r\n');
}

function gathered() {
  return new Promise((resolve) => {
    if (pc.iceGatheringState === 'complete') return resolve();
    pc.onicegatheringstatechange = () => pc.iceGatheringState === 'complete' && resolve();
  });
}

function echo(channel) {
  channel.binaryType = 'arraybuffer';
  channel.onopen = () => emit({ type: 'event', event: 'channel-open', label: channel.label });
  channel.onmessage = (e) => channel.send(e.data);
  channel.onclose = () => emit({ type: 'event', event: 'channel-closed', label: channel.label });
  if (channel.readyState === 'open') emit({ type: 'event', event: 'channel-open', label: channel.label });
}

pc.ondatachannel = (e) => echo(e.channel);
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
