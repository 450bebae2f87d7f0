/**
 * The shell of every page simctl writes: one self-contained HTML file (inline CSS and SVG, at most
 * a few lines of inline script; no network, no external file), readable from `file://`.
 */

/** `text` cut to `max` characters (a target's text can be any length; a page stays bounded). */
export function clipText(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/** Text as HTML (element content and attribute values alike). */
export function esc(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

const BASE_CSS = `
body{font:14px system-ui,sans-serif;margin:0;color:#1f2328;background:#fff}
main{padding:12px 24px 48px}
h1{font-size:20px;margin:8px 0}h2{font-size:16px;margin:28px 0 8px}h3{font-size:14px;margin:18px 0 6px}
table{border-collapse:collapse}td,th{padding:2px 10px 2px 0;text-align:left;vertical-align:top}
th{font-weight:600;color:#57606a}
pre{background:#f6f8fa;padding:8px;overflow:auto;margin:4px 0;white-space:pre-wrap;overflow-wrap:break-word}
.ok{color:#1a7f37}.bad{color:#cf222e}.unknown{color:#9a6700}.dim{color:#57606a}
a{color:#0969da}
svg text{font:11px ui-monospace,monospace}
`;

export function page(title: string, css: string, body: string, script = ""): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${esc(title)}</title>
<style>${BASE_CSS}${css}</style></head>
<body>
${body}
${script !== "" ? `<script>${script}</script>` : ""}
</body></html>
`;
}
