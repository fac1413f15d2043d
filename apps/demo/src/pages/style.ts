/** The demo's only stylesheet, served at /style.css. System fonts, no external assets, WCAG AA contrast. */
export const css = `
:root {
  color-scheme: light;
  --text: #1b1f24;
  --muted: #4b5563;
  --bg: #ffffff;
  --panel: #f4f6f8;
  --line: #c9d1d9;
  --accent: #1d4ed8;
  --accent-text: #ffffff;
  --ok-bg: #ecfdf3; --ok-text: #14532d; --ok-line: #4ade80;
  --bad-bg: #fef2f2; --bad-text: #7f1d1d; --bad-line: #f87171;
  --warn-bg: #fffbeb; --warn-text: #713f12; --warn-line: #f59e0b;
  --focus: #c2410c;
}
* { box-sizing: border-box; }
html { font: 100%/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", sans-serif; color: var(--text); background: var(--bg); }
body { margin: 0; }
a { color: var(--accent); }
:focus-visible { outline: 3px solid var(--focus); outline-offset: 2px; }
.skip { position: absolute; left: -999px; top: 0; background: var(--accent); color: var(--accent-text); padding: .5rem 1rem; }
.skip:focus { left: 1rem; }
header { border-bottom: 1px solid var(--line); background: var(--panel); }
header .bar { max-width: 60rem; margin: 0 auto; padding: .75rem 1rem; display: flex; flex-wrap: wrap; gap: .5rem 2rem; align-items: center; }
header .brand { font-weight: 700; font-size: 1.125rem; color: var(--text); text-decoration: none; }
nav ul { list-style: none; display: flex; flex-wrap: wrap; gap: .25rem 1rem; margin: 0; padding: 0; }
nav a { display: inline-block; padding: .25rem .5rem; border-radius: .25rem; text-decoration: none; }
nav a:hover { text-decoration: underline; }
nav a[aria-current="page"] { background: var(--accent); color: var(--accent-text); }
.runtime { border-top: 1px solid var(--line); }
.runtime p { max-width: 60rem; margin: 0 auto; padding: .375rem 1rem; font-size: .875rem; }
.runtime-node { background: var(--ok-bg); color: var(--ok-text); }
.runtime-edge { background: var(--warn-bg); color: var(--warn-text); }
.runtime a { margin-left: .5rem; color: inherit; font-weight: 600; }
.cards { display: grid; grid-template-columns: repeat(auto-fit, minmax(16rem, 1fr)); gap: 1rem; }
.cards section { border: 1px solid var(--line); border-radius: .375rem; padding: 0 1rem; }
.cards h2 { margin-top: .75rem; }
dl.runtimes div { margin-bottom: .75rem; }
dl.runtimes dt { font-weight: 700; }
dl.runtimes dd { margin: 0; }
main { max-width: 60rem; margin: 0 auto; padding: 1rem 1rem 3rem; }
h1 { font-size: 1.75rem; margin: .5rem 0 1rem; }
h2 { font-size: 1.25rem; margin: 2rem 0 .75rem; }
p.lead { color: var(--muted); margin-top: 0; }
code, kbd, pre { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace; font-size: .9375em; }
pre { background: var(--panel); border: 1px solid var(--line); border-radius: .375rem; padding: .75rem; overflow-x: auto; white-space: pre-wrap; word-break: break-word; }
form.stack { display: grid; gap: .875rem; max-width: 28rem; }
form.row { display: flex; flex-wrap: wrap; gap: .75rem; align-items: flex-end; }
label { display: block; font-weight: 600; margin-bottom: .25rem; }
.hint { display: block; margin-bottom: .25rem; font-weight: 400; color: var(--muted); font-size: .875rem; }
input, select { font: inherit; color: inherit; background: var(--bg); border: 1px solid #6b7280; border-radius: .375rem; padding: .5rem .625rem; min-width: 6rem; }
input[type="email"], input[type="password"] { width: 100%; }
input.command { width: min(28rem, 80vw); }
button { font: inherit; font-weight: 600; cursor: pointer; border-radius: .375rem; padding: .5rem 1rem; border: 2px solid var(--accent); background: var(--accent); color: var(--accent-text); }
button.secondary { background: var(--bg); color: var(--accent); }
button.danger { border-color: #b91c1c; background: #b91c1c; }
button:disabled { cursor: not-allowed; opacity: .6; }
.notice { border: 1px solid; border-left-width: .375rem; border-radius: .375rem; padding: .75rem 1rem; margin: 1rem 0; }
.notice > :first-child { margin-top: 0; } .notice > :last-child { margin-bottom: 0; }
.notice.ok { background: var(--ok-bg); color: var(--ok-text); border-color: var(--ok-line); }
.notice.bad { background: var(--bad-bg); color: var(--bad-text); border-color: var(--bad-line); }
.notice.warn { background: var(--warn-bg); color: var(--warn-text); border-color: var(--warn-line); }
.notice.info { background: var(--panel); border-color: var(--line); }
table { border-collapse: collapse; width: 100%; margin: .5rem 0 1rem; }
caption { text-align: left; font-weight: 600; padding-bottom: .375rem; }
th, td { text-align: left; padding: .375rem .625rem; border-bottom: 1px solid var(--line); vertical-align: top; }
thead th { background: var(--panel); }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
.state { display: inline-block; padding: .0625rem .5rem; border-radius: 1rem; font-size: .875rem; font-weight: 600; border: 1px solid var(--line); background: var(--panel); }
.state-holding { background: var(--ok-bg); color: var(--ok-text); border-color: var(--ok-line); }
.state-waiting { background: var(--warn-bg); color: var(--warn-text); border-color: var(--warn-line); }
.state-gave-up, .state-crashed, .state-lost, .state-failed { background: var(--bad-bg); color: var(--bad-text); border-color: var(--bad-line); }
.holder { display: grid; grid-template-columns: repeat(auto-fit, minmax(10rem, 1fr)); gap: .5rem 1.5rem; }
.holder dt { color: var(--muted); font-size: .875rem; }
.holder dd { margin: 0; font-size: 1.25rem; font-weight: 700; font-variant-numeric: tabular-nums; }
meter { width: 100%; height: 1rem; }
ol.log { padding-left: 0; list-style: none; max-height: 18rem; overflow-y: auto; border: 1px solid var(--line); border-radius: .375rem; margin: 0; }
ol.log li { padding: .25rem .75rem; border-bottom: 1px solid var(--panel); font-variant-numeric: tabular-nums; }
ol.log time { color: var(--muted); margin-right: .5rem; }
.visually-hidden { position: absolute; width: 1px; height: 1px; margin: -1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
footer { max-width: 60rem; margin: 0 auto; padding: 1rem; color: var(--muted); font-size: .875rem; border-top: 1px solid var(--line); }
@media (prefers-reduced-motion: no-preference) { meter { transition: none; } }
`;

/** A small favicon (a honeycomb cell), served at /favicon.svg. */
export const faviconSvg = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><path d="M16 2 28 9v14l-12 7-12-7V9z" fill="#f59e0b" stroke="#1b1f24" stroke-width="2"/><path d="M10 15h12M10 19h12" stroke="#1b1f24" stroke-width="2"/></svg>`;
