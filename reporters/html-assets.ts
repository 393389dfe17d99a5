// The HTML report's inline stylesheet and script, and the Content-Security-Policy that allows exactly them.
import { createHash } from 'node:crypto';

/**
 * The stylesheet: light and dark colors (prefers-color-scheme), visible keyboard focus, and a print layout
 * that drops the filters and starts each requirement area on a new page. Bars are SVG rectangles colored by
 * class, so no inline `style` attribute is needed (the policy forbids them).
 */
export const HTML_STYLE = `
:root{color-scheme:light dark;--bg:#fff;--fg:#1b1f24;--muted:#57606a;--line:#d0d7de;--panel:#f6f8fa;--link:#0550ae;
--fail:#cf222e;--error:#8250df;--unknown:#bf8700;--pass:#1a7f37;--notApplicable:#8c959f;--waived:#1b7c83;
--focus:#0969da}
@media (prefers-color-scheme:dark){:root{--bg:#0d1117;--fg:#e6edf3;--muted:#9198a1;--line:#30363d;--panel:#161b22;
--link:#58a6ff;--fail:#ff7b72;--error:#d2a8ff;--unknown:#e3b341;--pass:#3fb950;--notApplicable:#6e7681;--waived:#39c5cf;
--focus:#58a6ff}}
*{box-sizing:border-box}
[hidden]{display:none!important}
body{margin:0 auto;max-width:78rem;padding:1rem 1.5rem 3rem;background:var(--bg);color:var(--fg);
font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif}
a{color:var(--link)}
:focus-visible{outline:3px solid var(--focus);outline-offset:2px}
code,pre{font:13px/1.4 ui-monospace,SFMono-Regular,Consolas,monospace}
pre{white-space:pre-wrap;word-break:break-word;background:var(--panel);padding:.5rem;border-radius:4px;margin:.25rem 0}
.skip{position:absolute;left:-999px}.skip:focus{left:1rem;top:1rem;background:var(--bg);padding:.5rem;z-index:1}
h1{font-size:1.6rem;margin:.5rem 0}h2{font-size:1.3rem;margin:2rem 0 .5rem;border-bottom:1px solid var(--line)}
h3{font-size:1.1rem;margin:1.5rem 0 .25rem}h4{font-size:1rem;margin:1rem 0 .25rem}
dl.meta{display:grid;grid-template-columns:max-content 1fr;gap:.1rem 1rem;margin:0}dl.meta dt{color:var(--muted)}
dl.meta dd{margin:0}
table{border-collapse:collapse;width:100%;margin:.25rem 0}
th,td{text-align:left;vertical-align:top;padding:.3rem .5rem;border-bottom:1px solid var(--line)}
th{background:var(--panel)}th[scope=row]{background:none}table.totals{width:auto;min-width:22rem}
table.rules{table-layout:fixed}th.c-rule{width:32%}th.c-sev{width:8%}th.c-bar{width:20%}
table.rules td:first-child{overflow-wrap:anywhere}td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}
.gate{padding:.5rem .75rem;border-radius:4px;border-left:6px solid var(--pass);background:var(--panel)}
.gate.failed{border-left-color:var(--fail)}
svg.bar{display:block;width:100%;min-width:8rem;height:.9rem;background:var(--panel);border-radius:2px}
svg.bar.big{height:1.4rem}
.fail{fill:var(--fail)}.error{fill:var(--error)}.unknown{fill:var(--unknown)}.pass{fill:var(--pass)}
.notApplicable{fill:var(--notApplicable)}.waived{fill:var(--waived)}
.key{display:inline-block;width:.8em;height:.8em;border-radius:2px;margin-right:.3em;vertical-align:-.05em}
.key.fail{background:var(--fail)}.key.error{background:var(--error)}.key.unknown{background:var(--unknown)}
.key.pass{background:var(--pass)}.key.notApplicable{background:var(--notApplicable)}.key.waived{background:var(--waived)}
.sev{display:inline-block;font-size:.8rem;padding:0 .4rem;border:1px solid var(--line);border-radius:1rem;
color:var(--muted);font-weight:normal}
article.rule{border:1px solid var(--line);border-radius:6px;padding:.25rem 1rem 1rem;margin:1rem 0;
content-visibility:auto;contain-intrinsic-size:auto 40rem}
article.rule>h3{margin-top:.75rem}
blockquote{margin:.25rem 0;padding:.1rem .75rem;border-left:4px solid var(--line);color:var(--muted)}
.muted,.kind{color:var(--muted)}
form#filters{display:flex;flex-wrap:wrap;gap:.5rem 1rem;align-items:end;padding:.75rem;margin:1rem 0;
background:var(--panel);border-radius:6px;position:sticky;top:0;z-index:1}
form#filters label{display:flex;flex-direction:column;font-size:.85rem;color:var(--muted)}
select,input,button{font:inherit;color:var(--fg);background:var(--bg);border:1px solid var(--line);
border-radius:4px;padding:.2rem .4rem}
.text{white-space:pre-line}
table.evidence{font-size:.85rem;margin-top:.25rem}
table.findings th:first-child{width:24%}
details summary{cursor:pointer;color:var(--link)}
@media print{
body{max-width:none;padding:0;font-size:11pt}
form#filters,.skip,#shown{display:none!important}
section.area{break-before:page}
article.rule{content-visibility:visible}
h2,h3,h4{break-after:avoid}
tr,svg.bar,blockquote{break-inside:avoid}
thead{display:table-header-group}
a{color:inherit}
}
`;

/**
 * The script: shows the filter form (without script every finding is simply listed), hides the rows, rules and
 * areas that do not match it, says how many are shown, opens evidence blocks for printing, and focuses the
 * search box on "/". It reads only the page, never data from an inventory as code.
 */
export const HTML_SCRIPT = `
(function () {
  'use strict';
  var form = document.getElementById('filters');
  var shown = document.getElementById('shown');
  if (!form || !shown) return;
  form.hidden = false;
  var all = function (root, selector) { return Array.prototype.slice.call(root.querySelectorAll(selector)); };
  var areas = all(document, 'section.area');
  var rules = all(document, 'article.rule').map(function (el) {
    return {
      el: el,
      groups: all(el, '.group').map(function (group) {
        return {
          el: group,
          rows: all(group, 'tr[data-outcome]').map(function (row) {
            return { el: row, outcome: row.getAttribute('data-outcome'), text: row.textContent.toLowerCase() };
          }),
        };
      }),
    };
  });
  var listed = 0;
  rules.forEach(function (rule) { rule.groups.forEach(function (g) { listed += g.rows.length; }); });
  var plural = function (n, one, many) { return n + ' ' + (n === 1 ? one : many); };
  function apply() {
    var f = {
      rule: form.elements.rule.value, outcome: form.elements.outcome.value,
      severity: form.elements.severity.value, area: form.elements.area.value,
      text: form.elements.q.value.trim().toLowerCase(),
    };
    var byRow = f.outcome !== '' || f.text !== '';
    var rows = 0;
    var ruleCount = 0;
    rules.forEach(function (rule) {
      var el = rule.el;
      var match = (!f.rule || el.getAttribute('data-rule') === f.rule) &&
        (!f.severity || el.getAttribute('data-severity') === f.severity) &&
        (!f.area || el.getAttribute('data-area') === f.area);
      var any = false;
      rule.groups.forEach(function (group) {
        var n = 0;
        group.rows.forEach(function (row) {
          var show = match && (!f.outcome || row.outcome === f.outcome) && (!f.text || row.text.indexOf(f.text) !== -1);
          if (row.el.hidden === show) row.el.hidden = !show;
          if (show) n++;
        });
        if (group.el.hidden !== (byRow && n === 0)) group.el.hidden = byRow && n === 0;
        rows += n;
        if (n > 0) any = true;
      });
      el.hidden = !(match && (!byRow || any));
      if (!el.hidden) ruleCount++;
    });
    areas.forEach(function (area) { area.hidden = area.querySelector('article.rule:not([hidden])') === null; });
    shown.textContent = 'Showing ' + rows + ' of ' + plural(listed, 'listed finding', 'listed findings') +
      ', in ' + ruleCount + ' of ' + plural(rules.length, 'rule', 'rules') + '.';
  }
  // Typing waits for a pause, so a page of thousands of rows is filtered once per word, not per key.
  var timer = 0;
  form.addEventListener('input', function (event) {
    clearTimeout(timer);
    if (event.target === form.elements.q) timer = setTimeout(apply, 150);
    else apply();
  });
  form.addEventListener('submit', function (event) { event.preventDefault(); });
  form.addEventListener('reset', function () { setTimeout(apply, 0); });
  document.addEventListener('keydown', function (event) {
    var t = event.target;
    if (event.key !== '/' || event.ctrlKey || event.metaKey || event.altKey) return;
    if (t && (t.tagName === 'INPUT' || t.tagName === 'SELECT' || t.tagName === 'TEXTAREA')) return;
    event.preventDefault();
    form.elements.q.focus();
  });
  var closed = [];
  window.addEventListener('beforeprint', function () {
    closed = all(document, 'details:not([open])');
    closed.forEach(function (d) { d.open = true; });
  });
  window.addEventListener('afterprint', function () { closed.forEach(function (d) { d.open = false; }); });
  apply();
})();
`;

function sha256(text: string): string {
  return `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;
}

/**
 * The page's policy: nothing may load or connect (`default-src 'none'`); only the stylesheet and script above
 * may run, named by their SHA-256 hash, so no other inline script or style (an injected one) would.
 */
export const HTML_CSP = [
  "default-src 'none'",
  `style-src ${sha256(HTML_STYLE)}`,
  `script-src ${sha256(HTML_SCRIPT)}`,
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');
