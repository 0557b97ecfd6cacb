// Applies Yjs update v1 files (for instance written by the C# engine) with the real yjs and
// prints what yjs makes of them, for the C# -> yjs direction of the interop tests.
//
//   node apply-updates.mjs [--no-gc] [--order i,j,...] [--root NAME:map|array|text]... FILE...
//     prints one JSON object: {"json": <canonical JSON of the roots>, "state": <base64 of
//     encodeStateAsUpdate>, "stateVector": {"clientId": clock}, "roots": [{name, contentKind}]}
//     --order applies the files in that order of their (0-based) positions, repeats allowed.
//     Without --root every root is read as the kind its content tells (see lib/canonical.mjs).
//
//   node apply-updates.mjs --jobs JOBS.json
//     JOBS.json is [{"files": [...], "gc": bool, "order": [...]?, "roots": [{"name","kind"}]?}];
//     prints a JSON array with one result per job (one Node start for many histories).
//
// A file yjs cannot apply makes the whole run fail with exit code 2 and the message on stderr.
import * as fs from 'node:fs'
import * as Y from 'yjs'
import { kindFromContent, rootsJson } from './lib/canonical.mjs'

const usage = 'usage: node apply-updates.mjs [--no-gc] [--order i,j,...] [--root NAME:kind]... FILE... | --jobs JOBS.json'

const runJob = ({ files, gc = true, order, roots }) => {
  const updates = files.map((file) => fs.readFileSync(file))
  const sequence = order ?? updates.map((_, i) => i)
  const doc = new Y.Doc({ gc })
  for (const i of sequence) {
    if (!Number.isInteger(i) || i < 0 || i >= updates.length) {
      throw new Error(`order names file #${i}, but there are ${updates.length} files`)
    }
    try {
      Y.applyUpdate(doc, updates[i], 'remote')
    } catch (error) {
      throw new Error(`${files[i]}: ${error.message}`)
    }
  }
  const found = [...doc.share.entries()].map(([name, type]) => ({ name, contentKind: kindFromContent(type) }))
  const readAs = roots ?? found.filter(r => r.contentKind !== 'unknown').map(r => ({ name: r.name, kind: r.contentKind }))
  const stateVector = Object.fromEntries([...Y.decodeStateVector(Y.encodeStateVector(doc))].map(([k, v]) => [String(k), v]))
  return {
    json: rootsJson(doc, readAs),
    state: Buffer.from(Y.encodeStateAsUpdate(doc)).toString('base64'),
    stateVector,
    roots: found
  }
}

const parseArgs = (argv) => {
  const job = { files: [], gc: true, order: undefined, roots: undefined }
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]
    if (arg === '--jobs') {
      if (argv.length !== 2) {
        throw new Error(usage)
      }
      return { jobsFile: argv[i + 1] }
    } else if (arg === '--no-gc') {
      job.gc = false
    } else if (arg === '--order') {
      job.order = (argv[++i] ?? '').split(',').filter(s => s.length > 0).map(s => Number.parseInt(s, 10))
    } else if (arg === '--root') {
      const [name, kind] = (argv[++i] ?? '').split(/:(?=[^:]*$)/)
      if (!['map', 'array', 'text'].includes(kind)) {
        throw new Error(`--root wants NAME:map|array|text, got ${argv[i]}`)
      }
      job.roots = [...(job.roots ?? []), { name, kind }]
    } else if (arg.startsWith('--')) {
      throw new Error(`unknown option ${arg}\n${usage}`)
    } else {
      job.files.push(arg)
    }
  }
  if (job.files.length === 0) {
    throw new Error(usage)
  }
  return { job }
}

try {
  const { jobsFile, job } = parseArgs(process.argv.slice(2))
  const output = jobsFile !== undefined
    ? JSON.parse(fs.readFileSync(jobsFile, 'utf8')).map(runJob)
    : runJob(job)
  process.stdout.write(JSON.stringify(output) + '\n')
} catch (error) {
  process.stderr.write(`apply-updates: ${error.message}\n`)
  process.exit(2)
}

