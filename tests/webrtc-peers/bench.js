'use strict';
// libwebrtc <-> libwebrtc reference numbers for docs/benchmarks.md: two @roamhq/wrtc peers in one Node process,
// on loopback, the receiver replying after every MiB. Prints one JSON line: {"throughputMBps":..,"rttMedianMicros":..,"rttMeanMicros":..}.
// Usage: node bench.js [totalMiB=64] [messageKiB=64] [roundTrips=2000]
const wrtc = require('@roamhq/wrtc');

const totalBytes = Number(process.argv[2] || 64) * 1024 * 1024;
const messageBytes = Number(process.argv[3] || 64) * 1024;
const roundTrips = Number(process.argv[4] || 2000);

function loopbackOnly(description) {
  const sdp = description.sdp
    .split('\r\n')
    .filter((l) => !l.startsWith('a=candidate:') || (l.split(' ')[2] === 'udp' && l.split(' ')[4] === '127.0.0.1'))
    .join('\r\n');
  return { type: description.type, sdp };
}

const gathered = (pc) => new Promise((resolve) => {
  if (pc.iceGatheringState === 'complete') return resolve();
  pc.onicegatheringstatechange = () => pc.iceGatheringState === 'complete' && resolve();
});

async function connect() {
  const a = new wrtc.RTCPeerConnection({ iceServers: [] });
  const b = new wrtc.RTCPeerConnection({ iceServers: [] });
  const bulk = a.createDataChannel('bulk');
  const ping = a.createDataChannel('ping');
  const remote = {};
  const remoteReady = new Promise((resolve) => {
    b.ondatachannel = (e) => {
      e.channel.binaryType = 'arraybuffer';
      remote[e.channel.label] = e.channel;
      if (remote.bulk && remote.ping) resolve();
    };
  });
  await a.setLocalDescription(await a.createOffer());
  await gathered(a);
  await b.setRemoteDescription(loopbackOnly(a.localDescription));
  await b.setLocalDescription(await b.createAnswer());
  await gathered(b);
  await a.setRemoteDescription(loopbackOnly(b.localDescription));
  const opened = (ch) => new Promise((resolve) => (ch.readyState === 'open' ? resolve() : (ch.onopen = resolve)));
  await Promise.all([opened(bulk), opened(ping), remoteReady]);
  bulk.binaryType = 'arraybuffer';
  ping.binaryType = 'arraybuffer';
  return { a, b, bulk, ping, remote };
}

async function throughput(bulk, sink) {
  const message = new Uint8Array(messageBytes);
  let received = 0;
  const done = new Promise((resolve) => {
    // The receiver sends its running count back after every MiB, as the C# runs' receivers do (a sync protocol's replies).
    sink.onmessage = (e) => {
      const before = Math.floor(received / (1024 * 1024));
      received += e.data.byteLength;
      if (Math.floor(received / (1024 * 1024)) > before) sink.send(String(received));
      if (received >= totalBytes) resolve();
    };
  });
  const start = process.hrtime.bigint();
  let sent = 0;
  while (sent < totalBytes) {
    // wrtc does not fire bufferedamountlow reliably: poll the buffer instead.
    while (bulk.bufferedAmount > 4 * 1024 * 1024) {
      await new Promise((resolve) => setTimeout(resolve, 1));
    }
    bulk.send(message);
    sent += messageBytes;
  }
  await done;
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  return totalBytes / seconds / 1e6;
}

async function roundTrip(ping, echo) {
  echo.onmessage = (e) => echo.send(e.data);
  const samples = [];
  const payload = new Uint8Array(16);
  for (let i = 0; i < roundTrips + 100; i++) {
    const start = process.hrtime.bigint();
    await new Promise((resolve) => {
      ping.onmessage = resolve;
      ping.send(payload);
    });
    if (i >= 100) samples.push(Number(process.hrtime.bigint() - start) / 1000);
  }
  samples.sort((x, y) => x - y);
  return { median: samples[samples.length >> 1], mean: samples.reduce((s, x) => s + x, 0) / samples.length };
}

(async () => {
  const { a, b, bulk, ping, remote } = await connect();
  const mbps = await throughput(bulk, remote.bulk);
  const rtt = await roundTrip(ping, remote.ping);
  process.stdout.write(JSON.stringify({ throughputMBps: mbps, rttMedianMicros: rtt.median, rttMeanMicros: rtt.mean }) + '\n');
  a.close();
  b.close();
  process.exit(0);
})().catch((e) => {
  process.stderr.write(String(e && e.stack || e) + '\n');
  process.exit(1);
});
