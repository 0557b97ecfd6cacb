// Runs the CRDT workloads w1..w7 on yjs and prints one JSON object: the median milliseconds of
// each workload over the measured rounds (after warm-up rounds), plus the byte counts and
// SHA-256 of the w2/w5 encodings so the C# runner can check they are byte-identical.
//
// With --expose-gc it also prints heapW1: the bytes of V8 heap that the w1 document holds
// (process.memoryUsage().heapUsed after global.gc(), with the doc alive, minus the same before).
//
//   node --expose-gc crdt-bench.mjs [--rounds N] [--warmup N]
import { createHash } from 'node:crypto'
import * as fs from 'node:fs'
import { performance } from 'node:perf_hooks'
import * as work from './workloads.mjs'

const args = process.argv.slice(2)
const option = (name, fallback) => {
  const i = args.indexOf(name)
  return i >= 0 ? Number.parseInt(args[i + 1], 10) : fallback
}
const rounds = option('--rounds', 5)
const warmup = option('--warmup', 1)

const time = (body) => {
  const start = performance.now()
  const result = body()
  return { ms: performance.now() - start, result }
}
const sha256 = (bytes) => createHash('sha256').update(bytes).digest('hex')
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b)
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2
}

const samples = { w1: [], w2: [], w3: [], w4: [], w5: [], w6: [], w7: [] }
let check = null
for (let round = 0; round < warmup + rounds; round++) {
  const r1 = time(work.w1)
  const r2 = time(() => work.encode(r1.result))
  const r3 = time(() => work.w3(r2.result))
  const r4 = time(() => work.w4(r1.result))
  const r5 = time(() => work.encode(r4.result))
  const r6 = time(work.w6)
  const r7 = time(work.w7)
  if (round >= warmup) {
    [r1, r2, r3, r4, r5, r6, r7].forEach((r, i) => samples[`w${i + 1}`].push(r.ms))
  }
  check = {
    w2Bytes: r2.result.length,
    w2Sha256: sha256(r2.result),
    w5Bytes: r5.result.length,
    w5Sha256: sha256(r5.result),
    w6Length: r6.result.getText('t').length,
    w7Sha256: sha256(r7.result.getText('t').toString())
  }
}

// The heap the w1 document holds, measured after the timed rounds so their garbage is gone.
const heapUsedAfterGc = () => {
  global.gc()
  global.gc()
  return process.memoryUsage().heapUsed
}
let heapW1 = null
if (typeof global.gc === 'function') {
  const before = heapUsedAfterGc()
  const held = work.w1()
  heapW1 = heapUsedAfterGc() - before
  if (held.getMap('contacts').size !== work.CONTACTS) {
    throw new Error('w1 lost contacts')
  }
}

const yjsVersion = JSON.parse(fs.readFileSync(new URL('./node_modules/yjs/package.json', import.meta.url))).version
process.stdout.write(JSON.stringify({
  runtime: `node ${process.version}`,
  yjs: yjsVersion,
  rounds,
  warmup,
  heapW1,
  medianMs: Object.fromEntries(Object.entries(samples).map(([k, v]) => [k, median(v)])),
  ...check
}) + '\n')
