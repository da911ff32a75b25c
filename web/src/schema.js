// dandischema's JSON schema for the server's schema version, as the API serves it (/api/schemas/?model=Dandiset),
// and the few questions the metadata editor asks of it. Loaded once per page load.
import { apiGet } from './api.js'

let pending = null

export function loadDandisetSchema() {
  pending ??= apiGet('/schemas/', { model: 'Dandiset' }, { token: '' }).catch((err) => {
    pending = null
    throw err
  })
  return pending
}

/** The schema a node stands for, with "$ref": "#/$defs/X" followed (once; dandischema nests no ref chains). */
export function resolve(root, node) {
  if (node && typeof node.$ref === 'string') {
    const name = node.$ref.replace('#/$defs/', '')
    return { ...root.$defs[name], ...Object.fromEntries(Object.entries(node).filter(([key]) => key !== '$ref')) }
  }
  return node || {}
}

/** The alternatives of a oneOf/anyOf node, each resolved, without the bare "null" branch. */
export function alternatives(root, node) {
  const list = node.oneOf || node.anyOf || []
  return list.map((item) => resolve(root, item)).filter((item) => item.type !== 'null')
}

/** The kind of editor a (resolved) schema node needs. */
export function kindOf(root, node) {
  if (alternatives(root, node).length > 1) return 'choice'
  if (alternatives(root, node).length === 1) return kindOf(root, alternatives(root, node)[0])
  if (node.enum) return 'enum'
  if (node.const !== undefined) return 'const'
  if (node.type === 'array') return 'array'
  if (node.type === 'object' || node.properties) return 'object'
  if (node.type === 'boolean') return 'boolean'
  if (node.type === 'integer' || node.type === 'number') return 'number'
  return 'string'
}

/** A fresh value for a node: what a person starts from when they add an item. */
export function emptyValue(root, node) {
  const kind = kindOf(root, node)
  if (kind === 'choice') return emptyValue(root, alternatives(root, node)[0])
  if (kind === 'array') return []
  if (kind === 'boolean') return node.default ?? false
  if (kind === 'const') return node.const
  if (kind === 'object') {
    const value = {}
    for (const [key, child] of Object.entries(resolve(root, node).properties || {})) {
      const resolved = resolve(root, child)
      if (resolved.const !== undefined) value[key] = resolved.const
      else if (resolved.default !== undefined && resolved.default !== null) value[key] = resolved.default
      else if ((node.required || []).includes(key)) value[key] = emptyValue(root, resolved)
    }
    return value
  }
  return ''
}

/** Which alternative of a choice a value is: by its schemaKey (dandischema's discriminator), else the first. */
export function branchOf(root, node, value) {
  const options = alternatives(root, node)
  const key = value && typeof value === 'object' ? value.schemaKey : undefined
  const index = options.findIndex((option) => option.properties?.schemaKey?.const === key)
  return index >= 0 ? index : 0
}

/** Drop what a person left blank ("" and empty objects/lists of optional fields), so the server sees absence. */
export function prune(value) {
  if (Array.isArray(value)) return value.map(prune).filter((item) => item !== undefined)
  if (value && typeof value === 'object') {
    const out = {}
    for (const [key, child] of Object.entries(value)) {
      const pruned = prune(child)
      if (pruned !== undefined) out[key] = pruned
    }
    return out
  }
  return value === '' || value === null ? undefined : value
}
