// The browser tab's title for the current page.
export function setTitle(page = '') {
  document.title = page ? `${page} · DANDI Archive` : 'DANDI Archive'
}
