// Generates interop fixtures for the C# CRDT engine from random multi-client yjs histories.
//
//   node gen-fixtures.mjs <outDir> [--seed N] [--count N]
//
// Layout of <outDir> (all binary files are raw Yjs update v1 / state vector bytes):
//   manifest.json            ties everything together (see the "histories" entries below)
//   hNNN/uMMM.bin            the local transaction updates of every client, in generation order
//   hNNN/state-<order>.bin   yjs's encodeStateAsUpdate after applying the updates in that order
//   hNNN/sv.bin              yjs's encodeStateVector of the fully synced doc
//   hNNN/merge-K.bin, diff-K.bin, svu-K.bin, client-<id>-state.bin / -sv.bin / -by-diff.bin / -by-encode.bin
//   protocol/*.bin           y-protocols sync and awareness messages (y-websocket framing) and their payloads
//   special/*.bin            hand-written updates with legacy content (ContentJSON) and yjs's re-encoding
import * as fs from 'node:fs'
import * as path from 'node:path'
import * as Y from 'yjs'
import * as syncProtocol from 'y-protocols/sync'
import * as awarenessProtocol from 'y-protocols/awareness'
import * as encoding from 'lib0/encoding'
import { Mulberry32 } from './lib/prng.mjs'
import { canonicalJson, kindFromContent, rootsJson } from './lib/canonical.mjs'

const REMOTE = 'remote'

/** The roots a history may touch, with the kind the generator uses them as. */
const ROOTS = [
  { name: 'm', kind: 'map' },
  { name: 'a', kind: 'array' },
  { name: 't', kind: 'text' },
  { name: 'contacts', kind: 'map' },
  { name: 'notes 📝', kind: 'text' }
]

/** Client ids span the varint widths; their relative order decides YATA conflicts. */
const CLIENT_ID_POOL = [1, 2, 3, 7, 127, 128, 300, 16384, 65537, 2147483647, 2147483648, 4294967295]

const MAP_KEYS = ['a', 'b', 'c', 'name', 'email', 'ü', '😀k', '', 'long key with spaces']
const STRINGS = ['', 'x', 'hello', 'ünïcödé', '😀', 'a😀b', '𝄞 clef', '日本語', 'line\nbreak', '"quoted"\\']

const parseArgs = (argv) => {
  const options = { outDir: null, seed: 1, count: 60 }
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]
    if (arg === '--seed') {
      options.seed = Number.parseInt(argv[++i], 10)
    } else if (arg === '--count') {
      options.count = Number.parseInt(argv[++i], 10)
    } else if (arg.startsWith('--')) {
      throw new Error(`unknown option ${arg}`)
    } else if (options.outDir === null) {
      options.outDir = arg
    } else {
      throw new Error(`unexpected argument ${arg}`)
    }
  }
  if (options.outDir === null || !Number.isInteger(options.seed) || !Number.isInteger(options.count) || options.count < 1) {
    throw new Error('usage: node gen-fixtures.mjs <outDir> [--seed N] [--count N]')
  }
  return options
}

/** A random plain (Any) value of every kind yjs's writeAny distinguishes. */
const randomAny = (rng, depth = 0) => {
  switch (rng.int(depth > 1 ? 9 : 11)) {
    case 0: return null
    case 1: return rng.chance(0.5)
    case 2: return rng.pick([0, 1, -1, 42, -1000, 2147483647, -2147483647, 1073741824, 123456789])
    case 3: return rng.pick([2147483648, -2147483649, 2 ** 40, Number.MAX_SAFE_INTEGER]) // integers yjs writes as float64
    case 4: return rng.pick([0.5, -2.25, 1.5e10, 3.140000104904175, -0]) // float32-exact (and -0, a varint with the sign bit)
    case 5: return rng.pick([0.1, -1e-7, Math.PI, 1e300, 5e-324]) // float64 only
    case 6: return rng.pick(STRINGS)
    case 7: return Uint8Array.from({ length: rng.int(6) }, () => rng.int(256))
    case 8: {
      // yjs accepts a bigint only nested in JSON (a top-level one is rejected by array inserts).
      const big = BigInt(rng.pick(['9007199254740993', '-42', '0', '-9223372036854775808']))
      return depth === 0 ? [big] : big
    }
    case 9: return Array.from({ length: rng.int(4) }, () => randomAny(rng, depth + 1))
    default: {
      const obj = {}
      const n = rng.int(4)
      for (let i = 0; i < n; i++) {
        obj[rng.pick(['k', 'name', 'nested', 'ß', '🔑'])] = randomAny(rng, depth + 1)
      }
      return obj
    }
  }
}

/** A prelim shared type, sometimes already holding content (a map in an array in a map, ...). */
const randomPrelimType = (rng, depth = 0) => {
  switch (rng.int(3)) {
    case 0: {
      const map = new Y.Map()
      const n = rng.int(3)
      for (let i = 0; i < n; i++) {
        map.set(rng.pick(MAP_KEYS), depth < 2 && rng.chance(0.3) ? randomPrelimType(rng, depth + 1) : randomAny(rng))
      }
      return map
    }
    case 1: {
      const array = new Y.Array()
      const n = rng.int(3)
      if (n > 0) {
        array.insert(0, Array.from({ length: n }, () => depth < 2 && rng.chance(0.3) ? randomPrelimType(rng, depth + 1) : randomAny(rng)))
      }
      return array
    }
    default:
      return new Y.Text(rng.chance(0.5) ? rng.pick(STRINGS) : undefined)
  }
}

const randomValue = (rng) => (rng.chance(0.2) ? randomPrelimType(rng) : randomAny(rng))

/** Every live shared type of a doc reachable from the roots the generator uses. */
const liveTypes = (doc) => {
  const found = []
  const visit = (type, kind) => {
    found.push({ type, kind })
    const children = type instanceof Y.Map ? [...type.values()] : type instanceof Y.Array ? type.toArray() : []
    for (const child of children) {
      if (child instanceof Y.Map) {
        visit(child, 'map')
      } else if (child instanceof Y.Array) {
        visit(child, 'array')
      } else if (child instanceof Y.Text) {
        visit(child, 'text')
      }
    }
  }
  for (const { name, kind } of ROOTS) {
    if (doc.share.has(name)) {
      visit(kind === 'map' ? doc.getMap(name) : kind === 'array' ? doc.getArray(name) : doc.getText(name), kind)
    }
  }
  return found
}

const isHighSurrogate = (code) => code >= 0xd800 && code <= 0xdbff

/** Moves a UTF-16 index off the middle of a surrogate pair, unless splits are wanted. */
const snapIndex = (text, index, allowSplit) => {
  if (allowSplit || index <= 0 || index >= text.length) {
    return index
  }
  return isHighSurrogate(text.charCodeAt(index - 1)) ? index - 1 : index
}

/** One random edit of a random (root or nested) type of the doc. */
const randomEdit = (rng, doc, allowSurrogateSplit, subdocs) => {
  const types = liveTypes(doc)
  const useRoot = types.length === 0 || rng.chance(0.35)
  let target
  if (useRoot) {
    const root = rng.pick(ROOTS)
    target = {
      kind: root.kind,
      type: root.kind === 'map' ? doc.getMap(root.name) : root.kind === 'array' ? doc.getArray(root.name) : doc.getText(root.name)
    }
  } else {
    target = rng.pick(types)
  }
  const { type, kind } = target
  if (kind === 'map') {
    if (type.size > 0 && rng.chance(0.25)) {
      type.delete(rng.pick([...type.keys()]))
    } else if (subdocs && rng.chance(0.1)) {
      type.set(rng.pick(MAP_KEYS), new Y.Doc({ guid: `sub-${rng.next()}` }))
    } else {
      type.set(rng.pick(MAP_KEYS), randomValue(rng))
    }
  } else if (kind === 'array') {
    if (type.length > 0 && rng.chance(0.3)) {
      const index = rng.int(type.length)
      type.delete(index, 1 + rng.int(Math.min(3, type.length - index)))
    } else {
      const values = Array.from({ length: 1 + rng.int(3) }, () => randomValue(rng))
      if (rng.chance(0.3)) {
        type.push(values)
      } else {
        type.insert(rng.int(type.length + 1), values)
      }
    }
  } else {
    const text = type.toString()
    const length = type.length
    const r = rng.int(10)
    if (length > 0 && r < 3) {
      const start = snapIndex(text, rng.int(length), allowSurrogateSplit)
      const end = snapIndex(text, Math.min(length, start + 1 + rng.int(4)), allowSurrogateSplit)
      if (end > start) {
        type.delete(start, end - start)
      }
    } else if (length > 0 && r === 3) {
      const start = snapIndex(text, rng.int(length), allowSurrogateSplit)
      const end = snapIndex(text, Math.min(length, start + 1 + rng.int(5)), allowSurrogateSplit)
      if (end > start) {
        type.format(start, end - start, { bold: rng.chance(0.5) ? true : null })
      }
    } else if (r === 4) {
      type.insertEmbed(snapIndex(text, rng.int(length + 1), allowSurrogateSplit), { image: rng.pick(STRINGS) })
    } else if (r === 5) {
      type.insert(snapIndex(text, rng.int(length + 1), allowSurrogateSplit), rng.pick(STRINGS), { italic: true, size: rng.int(20) })
    } else {
      type.insert(snapIndex(text, rng.int(length + 1), allowSurrogateSplit), rng.pick(STRINGS.filter(s => s.length > 0)))
    }
  }
}

/** Applies updates (byte arrays) to a fresh doc in one order and returns the doc. */
const applyAll = (updates, gc) => {
  const doc = new Y.Doc({ gc })
  for (const update of updates) {
    Y.applyUpdate(doc, update, REMOTE)
  }
  return doc
}

const generateHistory = (rng, index, dir) => {
  const gc = index % 2 === 0
  const allowSurrogateSplit = index % 7 === 3
  const subdocs = index % 11 === 5
  const clientCount = 2 + rng.int(3)
  const ids = rng.shuffle([...CLIENT_ID_POOL]).slice(0, clientCount)
  const clients = ids.map((id) => {
    const doc = new Y.Doc({ gc })
    doc.clientID = id
    return doc
  })
  /** @type {{client: number, bytes: Uint8Array}[]} */
  const updates = []
  clients.forEach((doc, c) => {
    doc.on('update', (update, origin) => {
      if (origin !== REMOTE) {
        updates.push({ client: ids[c], bytes: update })
      }
    })
  })
  const steps = 12 + rng.int(30)
  for (let step = 0; step < steps; step++) {
    const r = rng.float()
    const c = rng.int(clientCount)
    if (r < 0.65) {
      clients[c].transact(() => {
        const ops = 1 + rng.int(3)
        for (let i = 0; i < ops; i++) {
          randomEdit(rng, clients[c], allowSurrogateSplit, subdocs)
        }
      })
    } else if (r < 0.85) {
      // A full one-way sync from another client.
      const from = clients[rng.int(clientCount)]
      if (from !== clients[c]) {
        Y.applyUpdate(clients[c], Y.encodeStateAsUpdate(from, Y.encodeStateVector(clients[c])), REMOTE)
      }
    } else if (updates.length > 0) {
      // A partial sync: a few recorded updates, possibly out of order (they wait as pending structs).
      const n = 1 + rng.int(Math.min(4, updates.length))
      for (let i = 0; i < n; i++) {
        Y.applyUpdate(clients[c], rng.pick(updates).bytes, REMOTE)
      }
    }
  }

  fs.mkdirSync(dir, { recursive: true })
  const rel = (name) => `${path.basename(dir)}/${name}`
  const write = (name, bytes) => {
    fs.writeFileSync(path.join(dir, name), bytes)
    return rel(name)
  }
  const updateFiles = updates.map((u, i) => ({ file: write(`u${String(i).padStart(3, '0')}.bin`, u.bytes), client: u.client }))
  const bytesOf = updates.map(u => u.bytes)

  const reference = applyAll(bytesOf, gc)
  const roots = []
  for (const { name, kind } of ROOTS) {
    if (reference.share.has(name)) {
      roots.push({ name, kind, contentKind: kindFromContent(reference.share.get(name)) })
    }
  }
  const json = rootsJson(reference, roots)
  const state = Y.encodeStateAsUpdate(reference)
  const stateVector = Y.encodeStateVector(reference)

  // Delivery orders: the C# side applies exactly these and compares with yjs's state per order.
  const n = updates.length
  const generation = [...Array(n).keys()]
  const orders = [
    { name: 'generation', sequence: generation },
    { name: 'reversed', sequence: [...generation].reverse() },
    { name: 'shuffle1', sequence: rng.shuffle([...generation]) },
    { name: 'shuffle2', sequence: rng.shuffle([...generation]) },
    { name: 'duplicates', sequence: rng.shuffle(generation.flatMap(i => (rng.chance(0.5) ? [i, i] : [i]))) }
  ]
  const orderEntries = orders.map(({ name, sequence }) => {
    const doc = applyAll(sequence.map(i => bytesOf[i]), gc)
    const orderJson = rootsJson(doc, roots)
    if (orderJson !== json) {
      throw new Error(`history ${index}: yjs itself diverged in order ${name}`)
    }
    return { name, sequence, state: write(`state-${name}.bin`, Y.encodeStateAsUpdate(doc)) }
  })
  // Batched delivery: shuffled chunks, each merged with Y.mergeUpdates, then applied.
  const batchOrder = rng.shuffle([...generation])
  const batches = []
  for (let i = 0; i < batchOrder.length;) {
    const size = 1 + rng.int(5)
    batches.push(batchOrder.slice(i, i + size))
    i += size
  }
  const mergedBatches = batches.map((batch, k) => write(`batch-${k}.bin`, Y.mergeUpdates(batch.map(i => bytesOf[i]))))
  const batchedDoc = applyAll(mergedBatches.map(f => fs.readFileSync(path.join(dir, path.basename(f)))), gc)
  if (rootsJson(batchedDoc, roots) !== json) {
    throw new Error(`history ${index}: yjs itself diverged when batched`)
  }
  const batched = { batches, merged: mergedBatches, state: write('state-batched.bin', Y.encodeStateAsUpdate(batchedDoc)) }

  // mergeUpdates / diffUpdate / encodeStateVectorFromUpdate outputs for some inputs.
  const merges = []
  for (let k = 0; k < Math.min(4, Math.max(0, n - 1)); k++) {
    const start = rng.int(n - 1)
    const inputs = generation.slice(start, Math.min(n, start + 2 + rng.int(4)))
    if (rng.chance(0.5)) {
      rng.shuffle(inputs)
    }
    merges.push({ inputs, output: write(`merge-${k}.bin`, Y.mergeUpdates(inputs.map(i => bytesOf[i]))) })
  }
  // Each client's own (partly synced) state, and what yjs makes of it when completed from the
  // synced doc, once by diffUpdate and once by encodeStateAsUpdate against its state vector.
  // Recorded rather than assumed equal to the synced doc: text whose surrogate pairs were split
  // by concurrent inserts ends differently depending on how the items were split on the way.
  const clientStates = clients.map((doc, c) => {
    const clientState = Y.encodeStateAsUpdate(doc)
    const clientSv = Y.encodeStateVector(doc)
    const complete = (patch) => {
      const completed = applyAll([clientState, patch], gc)
      return { json: rootsJson(completed, roots), state: Y.encodeStateAsUpdate(completed) }
    }
    const byDiff = complete(Y.diffUpdate(state, clientSv))
    const byEncode = complete(Y.encodeStateAsUpdate(reference, clientSv))
    return {
      client: ids[c],
      state: write(`client-${ids[c]}-state.bin`, clientState),
      stateVector: write(`client-${ids[c]}-sv.bin`, clientSv),
      completedByDiff: { json: byDiff.json, state: write(`client-${ids[c]}-by-diff.bin`, byDiff.state) },
      completedByEncode: { json: byEncode.json, state: write(`client-${ids[c]}-by-encode.bin`, byEncode.state) }
    }
  })
  const diffs = []
  clientStates.forEach(({ client }, c) => {
    const sv = Y.encodeStateVector(clients[c])
    diffs.push({ update: 'state', stateVector: rel(`client-${client}-sv.bin`), output: write(`diff-${diffs.length}.bin`, Y.diffUpdate(state, sv)) })
  })
  for (const merge of merges.slice(0, 2)) {
    const c = rng.int(clientCount)
    const mergedBytes = fs.readFileSync(path.join(dir, path.basename(merge.output)))
    diffs.push({ update: merge.output, stateVector: clientStates[c].stateVector, output: write(`diff-${diffs.length}.bin`, Y.diffUpdate(mergedBytes, Y.encodeStateVector(clients[c]))) })
  }
  const stateVectorsFromUpdates = [{ update: 'state', output: write('svu-state.bin', Y.encodeStateVectorFromUpdate(state)) }]
  for (let k = 0; k < Math.min(5, n); k++) {
    const i = rng.int(n)
    stateVectorsFromUpdates.push({ update: updateFiles[i].file, output: write(`svu-${k}.bin`, Y.encodeStateVectorFromUpdate(bytesOf[i])) })
  }
  for (const merge of merges) {
    const mergedBytes = fs.readFileSync(path.join(dir, path.basename(merge.output)))
    stateVectorsFromUpdates.push({ update: merge.output, output: write(`svu-${path.basename(merge.output)}`, Y.encodeStateVectorFromUpdate(mergedBytes)) })
  }

  return {
    name: path.basename(dir),
    gc,
    allowSurrogateSplit,
    subdocs,
    clients: ids,
    updates: updateFiles,
    roots,
    json,
    state: write('state.bin', state),
    stateVector: write('sv.bin', stateVector),
    stateVectorMap: Object.fromEntries([...Y.decodeStateVector(stateVector)].map(([k, v]) => [String(k), v])),
    orders: orderEntries,
    batched,
    merges,
    diffs,
    stateVectorsFromUpdates,
    clientStates
  }
}

/**
 * y-protocols message vectors, framed as y-websocket frames them (varUint message type: 0 sync,
 * 1 awareness), exactly the bytes sync.js and awareness.js write for fixed inputs.
 */
const generateProtocolVectors = (dir, sampleDoc) => {
  fs.mkdirSync(dir, { recursive: true })
  const vectors = []
  const file = (name, bytes) => {
    fs.writeFileSync(path.join(dir, name), bytes)
    return `protocol/${name}`
  }
  const framed = (messageType, write) => {
    const encoder = encoding.createEncoder()
    encoding.writeVarUint(encoder, messageType)
    write(encoder)
    return encoding.toUint8Array(encoder)
  }
  const stateVector = Y.encodeStateVector(sampleDoc)
  const fullState = Y.encodeStateAsUpdate(sampleDoc)
  vectors.push({
    name: 'sync-step1', kind: 'syncStep1', payload: file('sync-step1-payload.bin', stateVector),
    file: file('sync-step1.bin', framed(0, e => syncProtocol.writeSyncStep1(e, sampleDoc)))
  })
  vectors.push({
    name: 'sync-step2', kind: 'syncStep2', payload: file('sync-step2-payload.bin', fullState),
    file: file('sync-step2.bin', framed(0, e => syncProtocol.writeSyncStep2(e, sampleDoc, new Uint8Array([0]))))
  })
  vectors.push({
    name: 'sync-update', kind: 'update', payload: file('sync-update-payload.bin', fullState),
    file: file('sync-update.bin', framed(0, e => syncProtocol.writeUpdate(e, fullState)))
  })

  const doc = new Y.Doc()
  doc.clientID = 300
  const awareness = new awarenessProtocol.Awareness(doc)
  const awarenessVector = (name) => {
    const update = awarenessProtocol.encodeAwarenessUpdate(awareness, [300])
    const meta = awareness.meta.get(300)
    const state = awareness.getStates().get(300) ?? null
    vectors.push({
      name,
      kind: 'awareness',
      payload: file(`${name}-payload.bin`, update),
      file: file(`${name}.bin`, framed(1, e => encoding.writeVarUint8Array(e, update))),
      entries: [{ clientId: 300, clock: meta.clock, stateJson: JSON.stringify(state) }]
    })
  }
  awareness.setLocalState({ user: { name: 'Ana 😀', color: '#ff0000' }, cursor: null })
  awarenessVector('awareness-update')
  awareness.setLocalState(null)
  awarenessVector('awareness-removal')
  awareness.destroy()
  return vectors
}

/**
 * Content kinds the yjs 13.6 API no longer produces but every update decoder must read: ContentJSON
 * (info ref 2, a legacy array content of JSON strings, "undefined" for undefined). Hand-written
 * with lib0's encoder exactly as Yjs's UpdateEncoderV1 writes an item without origins.
 */
const generateSpecialUpdates = (dir) => {
  fs.mkdirSync(dir, { recursive: true })
  const encoder = encoding.createEncoder()
  encoding.writeVarUint(encoder, 1) // one client
  encoding.writeVarUint(encoder, 1) // one struct
  encoding.writeVarUint(encoder, 77) // client id
  encoding.writeVarUint(encoder, 0) // first clock
  encoding.writeUint8(encoder, 2) // info: ContentJSON, no origin, no right origin, no parentSub
  encoding.writeVarUint(encoder, 1) // parent is a root, named by a string
  encoding.writeVarString(encoder, 'legacy')
  const values = ['{"a":1,"b":[true,null]}', '"text"', 'undefined', '2.5', '[]']
  encoding.writeVarUint(encoder, values.length)
  values.forEach(v => encoding.writeVarString(encoder, v))
  encoding.writeVarUint(encoder, 0) // empty delete set
  const update = encoding.toUint8Array(encoder)
  const doc = applyAll([update], true)
  const roots = [{ name: 'legacy', kind: 'array', contentKind: kindFromContent(doc.share.get('legacy')) }]
  fs.writeFileSync(path.join(dir, 'content-json.bin'), update)
  fs.writeFileSync(path.join(dir, 'content-json-state.bin'), Y.encodeStateAsUpdate(doc))
  return [{
    name: 'content-json',
    update: 'special/content-json.bin',
    roots,
    json: rootsJson(doc, roots),
    state: 'special/content-json-state.bin'
  }]
}

const main = () => {
  const options = parseArgs(process.argv.slice(2))
  fs.mkdirSync(options.outDir, { recursive: true })
  const histories = []
  for (let i = 0; i < options.count; i++) {
    // One generator per history, so a history can be regenerated alone from (seed, index).
    const rng = new Mulberry32((Math.imul(options.seed, 1000003) + i) >>> 0)
    histories.push(generateHistory(rng, i, path.join(options.outDir, `h${String(i).padStart(3, '0')}`)))
  }
  const sample = applyAll(fs.readdirSync(path.join(options.outDir, 'h000')).filter(f => /^u\d+\.bin$/.test(f)).sort()
    .map(f => fs.readFileSync(path.join(options.outDir, 'h000', f))), true)
  const protocol = generateProtocolVectors(path.join(options.outDir, 'protocol'), sample)
  const specials = generateSpecialUpdates(path.join(options.outDir, 'special'))
  const manifest = {
    generator: 'tests/interop/gen-fixtures.mjs',
    yjs: JSON.parse(fs.readFileSync(new URL('./node_modules/yjs/package.json', import.meta.url))).version,
    seed: options.seed,
    count: options.count,
    histories,
    protocol,
    specials
  }
  fs.writeFileSync(path.join(options.outDir, 'manifest.json'), JSON.stringify(manifest, null, 1))
  process.stdout.write(`wrote ${histories.length} histories to ${options.outDir}\n`)
}

try {
  main()
} catch (error) {
  process.stderr.write(`gen-fixtures: ${error.stack ?? error}\n`)
  process.exit(1)
}
