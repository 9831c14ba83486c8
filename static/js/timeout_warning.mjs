// The timeout warning (GOV.UK's modal dialog pattern): opens `data-warn-before` seconds before the session ends,
// with "Stay signed in" (a POST that only keeps the session) and "Sign out". When the session has ended it says
// so; on an assessment step, "Sign in again" posts what was typed, which the portal keeps until you have signed
// in (docs/decisions/0014-nothing-typed-is-lost.md). Every page's request renews the session, so tabs share the
// latest end time through localStorage: a page opened in another tab keeps this one from warning too early.
const dialog = document.querySelector('[data-timeout-warning]')
const STORE = 'threshold-session-ends'

function shared () {
  try { return Number(window.localStorage.getItem(STORE)) || 0 } catch (e) { return 0 }
}

function share (endsAt) {
  try { if (endsAt > shared()) window.localStorage.setItem(STORE, String(endsAt)) } catch (e) { /* private mode */ }
}

function inWords (ms) {
  const seconds = Math.max(0, Math.ceil(ms / 1000))
  if (seconds >= 60) {
    const minutes = Math.ceil(seconds / 60)
    return `${minutes} minute${minutes === 1 ? '' : 's'}`
  }
  return `${seconds} second${seconds === 1 ? '' : 's'}`
}

// What is read out while the dialog is open: whole minutes, then every 15 seconds, not every second.
function announced (ms) {
  const seconds = Math.max(0, Math.ceil(ms / 1000))
  return seconds >= 60 ? inWords(ms) : inWords(Math.ceil(seconds / 15) * 15000)
}

if (dialog && typeof dialog.showModal === 'function') {
  const warnBefore = Number(dialog.dataset.warnBefore) * 1000
  let endsAt = Date.now() + Number(dialog.dataset.secondsLeft) * 1000
  let lastFocus = null
  let ended = false
  let lastAnnounced = ''
  const countdown = dialog.querySelector('[data-timeout-countdown]')
  const announce = dialog.querySelector('[data-timeout-announce]')
  const csrf = dialog.querySelector('input[name="csrfmiddlewaretoken"]')
  share(endsAt)
  dialog.tabIndex = -1

  const open = () => {
    if (dialog.open) return
    lastFocus = document.activeElement
    dialog.showModal()
    dialog.focus() // the dialog's title and text are read, as GOV.UK's pattern asks
  }

  const close = () => {
    if (!dialog.open) return
    dialog.close()
    if (lastFocus && typeof lastFocus.focus === 'function') lastFocus.focus()
  }

  const end = () => {
    ended = true
    clearInterval(timer)
    dialog.querySelector('[data-timeout-state="warning"]').hidden = true
    dialog.querySelector('[data-timeout-state="ended"]').hidden = false
    dialog.setAttribute('aria-labelledby', 'timeout-ended-title')
    dialog.setAttribute('aria-describedby', 'timeout-ended-text')
    const form = document.querySelector('form[data-keep-typed]')
    dialog.querySelector('[data-timeout-kept]').hidden = !form
    if (dialog.open) dialog.close() // open again so that the new title is read
    lastFocus = document.activeElement
    dialog.showModal()
    dialog.focus()
  }

  const tick = () => {
    endsAt = Math.max(endsAt, shared())
    const left = endsAt - Date.now()
    if (left <= -1000) { end(); return } // a second after the end: the portal has ended it too (whole seconds)
    if (left > warnBefore) { close(); lastAnnounced = ''; return }
    countdown.textContent = inWords(Math.max(left, 0))
    open()
    const words = announced(left)
    if (lastAnnounced && words !== lastAnnounced) announce.textContent = `We will sign you out in ${words}.`
    lastAnnounced = words
  }

  dialog.querySelector('[data-timeout-stay]').addEventListener('click', async () => {
    let answer
    try {
      const response = await fetch(dialog.dataset.extendUrl, {
        method: 'POST',
        credentials: 'same-origin',
        headers: { 'X-CSRFToken': csrf ? csrf.value : '', Accept: 'application/json' }
      })
      if (response.status === 401) { end(); return }
      answer = await response.json()
    } catch (e) {
      announce.textContent = 'We could not reach the portal. Check your connection and try again.'
      return
    }
    endsAt = Date.now() + answer.seconds_left * 1000
    share(endsAt)
    if (answer.extended) {
      lastAnnounced = ''
      close()
    } else {
      dialog.querySelector('[data-timeout-final]').hidden = false
      dialog.querySelector('[data-timeout-stay]').hidden = true
      dialog.focus()
    }
  })

  dialog.querySelector('[data-timeout-sign-in]').addEventListener('click', () => {
    const form = document.querySelector('form[data-keep-typed]')
    if (form) form.requestSubmit() // the portal keeps what it posts until you have signed in again
    else window.location.assign(dialog.dataset.signInUrl)
  })

  dialog.addEventListener('cancel', (event) => { // Escape: stay signed in, as the pattern does; not once ended
    event.preventDefault()
    if (!ended) dialog.querySelector('[data-timeout-stay]').click()
  })

  const timer = setInterval(tick, 1000)
}
