import * as fs from 'node:fs'
import * as Y from 'yjs'
const ds = (st) => { const d = Y.decodeUpdate(st); return [...d.ds.clients].map(([c, items]) => `${c}: ${items.map(i => i.clock + '+' + i.len).join(' ')}`).join('\n') }
for (const f of process.argv.slice(2)) console.log(f, '\n' + ds(new Uint8Array(fs.readFileSync(f))))
