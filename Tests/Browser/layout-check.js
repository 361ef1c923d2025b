// Injected at the end of a copy of a report, shown in a frame as wide as the viewport to check: records on <body data-layout-problems> every
// place where text is clipped or spills — the page scrolling sideways, an element past the
// page's edge, a box that hides or scrolls its content, chart text cut at the chart's edge.
(function () {
  const problems = [];
  const width = document.documentElement.clientWidth;
  const name = (el) => el.tagName.toLowerCase() + (el.className && typeof el.className === 'string' ? '.' + el.className.split(' ').join('.') : '')
    + ' "' + (el.textContent || '').trim().slice(0, 40) + '"';
  if (document.documentElement.scrollWidth > width + 1) {
    problems.push('the page scrolls sideways: ' + document.documentElement.scrollWidth + ' px wide in ' + width);
  }
  const reported = new Set();
  const within = (el) => { for (let up = el.parentElement; up; up = up.parentElement) if (reported.has(up)) return true; return false; };
  for (const el of document.querySelectorAll('body *')) {
    if (el.closest('svg') && el.tagName.toLowerCase() !== 'svg') continue;
    if (within(el)) continue;
    const box = el.getBoundingClientRect();
    if (box.width === 0 && box.height === 0) continue;
    if (box.right > width + 1 || box.left < -1) {
      problems.push(name(el) + ' reaches past the page (' + Math.round(box.left) + ' to ' + Math.round(box.right) + ' of ' + width + ')');
      reported.add(el);
      continue;
    }
    const style = getComputedStyle(el);
    const hides = ['auto', 'hidden', 'scroll', 'clip'].includes(style.overflowX);
    if (hides && el.scrollWidth > el.clientWidth + 1) {
      problems.push(name(el) + ' hides part of its content (' + el.scrollWidth + ' px in ' + el.clientWidth + ')');
      reported.add(el);
    }
  }
  for (const svg of document.querySelectorAll('svg')) {
    // On screen, so that rotated text is measured as drawn; the chart's box is its viewBox.
    const frame = svg.getBoundingClientRect();
    if (frame.width === 0) continue;
    for (const text of svg.querySelectorAll('text')) {
      const b = text.getBoundingClientRect();
      if (b.left < frame.left - 0.5 || b.right > frame.right + 0.5 || b.top < frame.top - 0.5 || b.bottom > frame.bottom + 0.5) {
        problems.push('chart text "' + text.textContent + '" is cut at the edge of the chart (' + svg.getAttribute('aria-labelledby') + ')');
      }
    }
  }
  // In a frame of the checker's page (a viewport narrower than Chromium's 500 px window),
  // the answer goes to the page around it, the document --dump-dom prints.
  const host = window.parent !== window ? window.parent.document.body : document.body;
  host.setAttribute('data-layout-problems', JSON.stringify(problems));
})();
