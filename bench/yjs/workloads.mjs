// The CRDT benchmark workloads w1..w7 (docs/benchmarks.md), yjs side. The C# twin is
// bench/P2PClinic.Bench/Crdt/CrdtWorkloads.cs: same names, sizes and pseudo-random sequence.
import * as Y from 'yjs'
import { Mulberry32 } from '../../tests/interop/lib/prng.mjs'

export const CONTACTS = 10000
export const FIELD_UPDATES = 100000
export const APPENDS = 100000
export const RANDOM_INSERTS = 20000
export const FIELDS = ['name', 'email', 'phone', 'street', 'city', 'zip', 'notes', 'tag']
const ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789 '

/** A string of 8..23 characters from ALPHABET. */
export const randomString = (rng) => {
  const length = 8 + rng.int(16)
  let s = ''
  for (let i = 0; i < length; i++) {
    s += ALPHABET[rng.int(ALPHABET.length)]
  }
  return s
}

/** w1: CONTACTS contacts, each a map of 8 string fields in root map "contacts", one transaction each. */
export const w1 = () => {
  const rng = new Mulberry32(1)
  const doc = new Y.Doc()
  doc.clientID = 1
  const contacts = doc.getMap('contacts')
  for (let i = 0; i < CONTACTS; i++) {
    doc.transact(() => {
      const contact = new Y.Map()
      contacts.set(`c${i}`, contact)
      for (const field of FIELDS) {
        contact.set(field, randomString(rng))
      }
    })
  }
  return doc
}

/** w2 and w5: the full state of a doc. */
export const encode = (doc) => Y.encodeStateAsUpdate(doc)

/** w3: the update applied to a fresh doc. */
export const w3 = (update) => {
  const doc = new Y.Doc()
  doc.clientID = 3
  Y.applyUpdate(doc, update)
  return doc
}

/** w4: FIELD_UPDATES single-field sets on random existing contacts, one transaction each. */
export const w4 = (doc) => {
  const rng = new Mulberry32(4)
  const contacts = doc.getMap('contacts')
  for (let k = 0; k < FIELD_UPDATES; k++) {
    const contact = contacts.get(`c${rng.int(CONTACTS)}`)
    contact.set(FIELDS[rng.int(FIELDS.length)], randomString(rng))
  }
  return doc
}

/** w6: APPENDS one-character appends to a YText, one transaction each. */
export const w6 = () => {
  const rng = new Mulberry32(6)
  const doc = new Y.Doc()
  doc.clientID = 6
  const text = doc.getText('t')
  for (let k = 0; k < APPENDS; k++) {
    text.insert(text.length, ALPHABET[rng.int(ALPHABET.length)])
  }
  return doc
}

/** w7: RANDOM_INSERTS one-character inserts at random positions, one transaction each. */
export const w7 = () => {
  const rng = new Mulberry32(7)
  const doc = new Y.Doc()
  doc.clientID = 7
  const text = doc.getText('t')
  for (let k = 0; k < RANDOM_INSERTS; k++) {
    text.insert(rng.int(text.length + 1), ALPHABET[rng.int(ALPHABET.length)])
  }
  return doc
}
