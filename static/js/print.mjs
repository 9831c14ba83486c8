// Printing opens every closed <details> (the consent and information-sharing guidance), and closes them
// again afterwards: CSS alone cannot open them (issue 18, item 6). The print view renders them open.
const opened = []

window.addEventListener('beforeprint', () => {
  for (const details of document.querySelectorAll('details:not([open])')) {
    details.open = true
    opened.push(details)
  }
})

window.addEventListener('afterprint', () => {
  while (opened.length) opened.pop().open = false
})
