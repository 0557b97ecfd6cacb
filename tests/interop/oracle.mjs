// yjs as a long-lived oracle for the C# property tests: reads one script per line on stdin, runs
// it with the real yjs and answers one line on stdout, so a property can ask yjs about every
// generated case without starting Node per case.
//
//   request:  {"updates": [base64...], "ops": [op...]}     the updates are named u0, u1, ...
//   answer:   {"outputs": {"name": {"bytes": base64} | {"json": "<canonical JSON>"}}}
//             or {"error": "message", "op": index} when yjs throws (the script stops there)
//
// Ops (each names its inputs and its output; names share one table with u0..):
//   {"op": "doc", "doc": "d", "gc": true}                       a fresh Y.Doc
//   {"op": "apply", "doc": "d", "update": "u3"}                 Y.applyUpdate
//   {"op": "merge", "out": "m", "of": ["u1", "u2"]}              Y.mergeUpdates
//   {"op": "diff", "out": "x", "update": "m", "stateVector": "sv"}  Y.diffUpdate
//   {"op": "stateVector", "out": "sv", "doc": "d"}              Y.encodeStateVector
//   {"op": "state", "out": "s", "doc": "d", "stateVector": "sv"?}   Y.encodeStateAsUpdate
//   {"op": "stateVectorFromUpdate", "out": "v", "update": "m"}  Y.encodeStateVectorFromUpdate
//   {"op": "json", "out": "j", "doc": "d", "roots": [{"name", "kind"}]}  lib/canonical.mjs rootsJson
//   {"op": "pending", "out": "p", "doc": "d"}                   the clocks the doc's pending structs wait for
//             (store.pendingStructs.missing, written like a state vector; empty when nothing waits)
// The C# twin is tests/P2PClinic.Crdt.Interop.Tests/Infrastructure/YScript.cs.
import * as readline from 'node:readline'
import * as Y from 'yjs'
import { rootsJson } from './lib/canonical.mjs'

const run = ({ updates, ops }) => {
  const values = new Map(updates.map((u, i) => [`u${i}`, Buffer.from(u, 'base64')]))
  const docs = new Map()
  const outputs = {}
  const bytes = (name) => {
    const value = values.get(name)
    if (value === undefined) {
      throw new Error(`no value named ${name}`)
    }
    return value
  }
  const doc = (name) => {
    const d = docs.get(name)
    if (d === undefined) {
      throw new Error(`no doc named ${name}`)
    }
    return d
  }
  const put = (name, value) => {
    values.set(name, value)
    outputs[name] = { bytes: Buffer.from(value).toString('base64') }
  }
  for (let i = 0; i < ops.length; i++) {
    const op = ops[i]
    try {
      switch (op.op) {
        case 'doc': docs.set(op.doc, new Y.Doc({ gc: op.gc })); break
        case 'apply': Y.applyUpdate(doc(op.doc), bytes(op.update), 'remote'); break
        case 'merge': put(op.out, Y.mergeUpdates(op.of.map(bytes))); break
        case 'diff': put(op.out, Y.diffUpdate(bytes(op.update), bytes(op.stateVector))); break
        case 'stateVector': put(op.out, Y.encodeStateVector(doc(op.doc))); break
        case 'state': put(op.out, op.stateVector === undefined ? Y.encodeStateAsUpdate(doc(op.doc)) : Y.encodeStateAsUpdate(doc(op.doc), bytes(op.stateVector))); break
        case 'stateVectorFromUpdate': put(op.out, Y.encodeStateVectorFromUpdate(bytes(op.update))); break
        case 'pending': put(op.out, Y.encodeStateVector(doc(op.doc).store.pendingStructs?.missing ?? new Map())); break
        case 'json': outputs[op.out] = { json: rootsJson(doc(op.doc), op.roots) }; break
        default: throw new Error(`unknown op ${op.op}`)
      }
    } catch (error) {
      return { error: error.message, op: i }
    }
  }
  return { outputs }
}

const lines = readline.createInterface({ input: process.stdin, crlfDelay: Infinity })
lines.on('line', (line) => {
  if (line.trim().length === 0) {
    return
  }
  let answer
  try {
    answer = run(JSON.parse(line))
  } catch (error) {
    answer = { error: `bad request: ${error.message}`, op: -1 }
  }
  process.stdout.write(JSON.stringify(answer) + '\n')
})
lines.on('close', () => process.exit(0))
