import * as fs from 'node:fs'
import * as Y from 'yjs'
const args = process.argv.slice(2)
const doc = new Y.Doc({ gc: args[0] === 'gc' })
for (const f of args.slice(2)) {
  if (f === 'ROOTS') { doc.getMap('m'); doc.getArray('a'); doc.getText('t'); doc.getMap('contacts'); doc.getText('notes 📝'); continue }
  Y.applyUpdate(doc, new Uint8Array(fs.readFileSync(f)))
}
fs.writeFileSync(args[1], Y.encodeStateAsUpdate(doc))
