import * as fs from 'node:fs'
import * as Y from 'yjs'
const d = Y.decodeUpdate(new Uint8Array(fs.readFileSync('/tmp/c4-yjs.bin')))
for (const s of d.structs) {
  const c = s.content
  const desc = c ? (c.constructor.name + ' ' + (c instanceof Y.ContentFormat ? c.key + '=' + JSON.stringify(c.value) : c instanceof Y.ContentType ? c.type.constructor.name : JSON.stringify(c.getContent?.())?.slice(0, 40))) : ''
  console.log(`${s.constructor.name} ${s.id.client}:${s.id.clock}+${s.length} o=${s.origin ? s.origin.client + ':' + s.origin.clock : '-'} ro=${s.rightOrigin ? s.rightOrigin.client + ':' + s.rightOrigin.clock : '-'} parent=${typeof s.parent === 'string' ? s.parent : s.parent ? s.parent.client + ':' + s.parent.clock : '-'} sub=${s.parentSub} ${desc}`)
}
