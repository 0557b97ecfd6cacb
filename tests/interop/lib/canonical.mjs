// Canonical JSON of yjs values, the form both sides compare: object keys sorted by UTF-16 code
// units (C#: string.CompareOrdinal), Uint8Array as {"bytes":[...]}, bigint as a plain integer.
import * as Y from 'yjs'

/** @param {unknown} value @returns {string} */
export const canonicalJson = (value) => {
  if (value === null || value === undefined) {
    return 'null'
  }
  if (value instanceof Y.AbstractType) {
    return canonicalJson(value.toJSON())
  }
  switch (typeof value) {
    case 'boolean':
      return value ? 'true' : 'false'
    case 'number':
      if (!Number.isFinite(value)) {
        throw new Error(`non-finite number ${value} has no JSON form`)
      }
      return JSON.stringify(value)
    case 'bigint':
      return value.toString()
    case 'string':
      return JSON.stringify(value)
    case 'object':
      break
    default:
      throw new Error(`unexpected value of type ${typeof value}`)
  }
  if (value instanceof Uint8Array) {
    return `{"bytes":[${Array.from(value).join(',')}]}`
  }
  if (Array.isArray(value)) {
    return `[${value.map(canonicalJson).join(',')}]`
  }
  if (value instanceof Y.Doc) {
    return `{"subdoc":${JSON.stringify(value.guid)}}`
  }
  const keys = Object.keys(value).sort()
  return `{${keys.map(k => `${JSON.stringify(k)}:${canonicalJson(value[k])}`).join(',')}}`
}

/**
 * What the content of a root tells about its kind, the rule the C# Doc.TryGetRootKind is held to:
 * live or deleted-but-kept list content of String/Format/Embed means text, other list content
 * means array, map entries mean map; nothing but GC'd/deleted content tells nothing.
 * @param {Y.AbstractType<any>} type
 * @returns {'map'|'array'|'text'|'unknown'}
 */
export const kindFromContent = (type) => {
  let sawList = false
  for (let item = type._start; item !== null; item = item.right) {
    const content = item.content
    if (content instanceof Y.ContentString || content instanceof Y.ContentFormat || content instanceof Y.ContentEmbed) {
      return 'text'
    }
    if (!(content instanceof Y.ContentDeleted)) {
      sawList = true
    }
  }
  if (sawList) {
    return 'array'
  }
  for (const item of type._map.values()) {
    if (item) {
      return 'map'
    }
  }
  return 'unknown'
}

/**
 * The canonical JSON of a doc's roots as named, each read as the given kind.
 * @param {Y.Doc} doc
 * @param {{name: string, kind: string}[]} roots
 */
export const rootsJson = (doc, roots) => {
  const sorted = [...roots].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
  const parts = sorted.map(({ name, kind }) => {
    let type
    switch (kind) {
      case 'map': type = doc.getMap(name); break
      case 'array': type = doc.getArray(name); break
      case 'text': type = doc.getText(name); break
      default: throw new Error(`root ${name}: unknown kind ${kind}`)
    }
    return `${JSON.stringify(name)}:${canonicalJson(type.toJSON())}`
  })
  return `{${parts.join(',')}}`
}
