// GOV.UK Frontend components, the as-you-type indicator filter and the print button.
import { initAll } from '../govuk/govuk-frontend.min.js'

initAll()

// Same rule as thresholds/checklist.py: every word typed appears in the indicator, its domain or its level.
function words (text) {
  return text.toLowerCase().trim().split(/\s+/).filter(Boolean)
}

function filterIndicators (input) {
  const wanted = words(input.value)
  const status = document.getElementById('filter-status')
  let shown = 0
  for (const fieldset of document.querySelectorAll('fieldset[data-domain]')) {
    const domain = fieldset.dataset.domain.toLowerCase()
    let any = false
    for (const item of fieldset.querySelectorAll('.govuk-checkboxes__item')) {
      const text = (item.textContent.replace(/\s+/g, ' ') + ' ' + domain).toLowerCase()
      const match = wanted.every((w) => text.includes(w))
      item.hidden = !match
      if (match) { any = true; shown++ }
    }
    fieldset.hidden = !any
  }
  for (const heading of document.querySelectorAll('[data-group]')) {
    let next = heading.nextElementSibling
    let any = false
    while (next && !next.hasAttribute('data-group')) {
      if (next.matches('fieldset[data-domain]') && !next.hidden) any = true
      next = next.nextElementSibling
    }
    heading.hidden = !any
  }
  if (status) {
    status.textContent = wanted.length ? `${shown} indicator${shown === 1 ? '' : 's'} match “${input.value.trim()}”.` : ''
  }
}

const filter = document.querySelector('[data-filter]')
if (filter) {
  let timer
  filter.addEventListener('input', () => {
    clearTimeout(timer)
    timer = setTimeout(() => filterIndicators(filter), 150)
  })
}

for (const button of document.querySelectorAll('[data-print]')) {
  button.hidden = false
  button.addEventListener('click', () => window.print())
}
