// "Your PDF is being made": ask every few seconds whether the worker has made it (202: not yet, 204: ready or
// failed), then fetch it, which downloads it (or, if it failed, shows the overview's error message).
const CHECK_EVERY_MS = 3000

const box = document.querySelector('[data-pdf-pending]')
if (box) {
  const url = box.dataset.pdfUrl
  const status = document.getElementById('pdf-status')
  const check = async () => {
    let response
    try {
      response = await fetch(url + '?check', { credentials: 'same-origin', cache: 'no-store' })
    } catch {
      response = null // the network dropped: try again next time
    }
    if (response && response.status === 204) {
      status.textContent = 'Your PDF is ready. The download is starting.'
      window.location.assign(url)
      return
    }
    if (response && response.status !== 202) {
      return // signed out or no longer allowed: the link on the page still works
    }
    window.setTimeout(check, CHECK_EVERY_MS)
  }
  window.setTimeout(check, CHECK_EVERY_MS)
}
