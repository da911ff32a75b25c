// The server's validation results as the UI shows them, and waiting for the server to finish a long step.

/** {"contributor.1.name": "message"} from the API's [{field, message}] list. pydantic also names the branch of a
 * union it tried (contributor.1.Person.name); schema properties start lower-case, branch names do not. */
export function errorsByField(list) {
  const out = {}
  for (const problem of list || []) {
    const path = String(problem.field || '')
      .split('.')
      .filter((part) => !/^[A-Z]/.test(part))
      .join('.')
    out[path] = out[path] ? `${out[path]}; ${problem.message}` : problem.message
  }
  return out
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms))

/** Poll `read` until `done(result)`; resolves to that result (or the last one after `timeoutMs`). */
export async function pollUntil(read, done, { intervalMs = 1000, timeoutMs = 120_000, onProgress = () => {} } = {}) {
  const started = Date.now()
  for (;;) {
    const result = await read()
    onProgress(result)
    if (done(result) || Date.now() - started > timeoutMs) return result
    await sleep(intervalMs)
  }
}

/** A version's info once the server has validated it (Pending and Validating are the states in between). */
export function untilSettled(read) {
  return pollUntil(read, (info) => !['Pending', 'Validating'].includes(info.status), { intervalMs: 700, timeoutMs: 60_000 })
}
