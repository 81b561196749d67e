/**
 * Text from logs, configs and pastes is untrusted. These helpers make it safe to show.
 */

// CSI/OSC/other ESC sequences, then any remaining C0/C1 control characters except tab and newline.
const ESCAPE_SEQUENCE = /\u001b(?:\[[0-?]*[ -/]*[@-~]|\][^\u0007\u001b]*(?:\u0007|\u001b\\)|[PX^_][^\u001b]*\u001b\\|[@-Z\\-_])/g;
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;

/** Removes terminal control sequences and control characters (keeps \t and \n). */
export function stripControl(text: string): string {
  return text.replace(ESCAPE_SEQUENCE, '').replace(CONTROL, '');
}

/** For a single-line display: control characters removed, newlines shown as ⏎, length bounded. */
export function displayLine(text: string, max = 400): string {
  const clean = stripControl(text).replace(/\r?\n/g, ' ⏎ ').replace(/\t/g, ' ');
  return clean.length > max ? `${clean.slice(0, max - 1)}…` : clean;
}

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(text: string): string {
  return stripControl(text).replace(/[&<>"']/g, (c) => HTML_ESCAPES[c] ?? c);
}

/** Escapes text for a Markdown table cell or inline code-free prose. */
export function escapeMarkdown(text: string): string {
  return stripControl(text)
    .replace(/\\/g, '\\\\')
    .replace(/([|`*_<>[\]])/g, '\\$1')
    .replace(/\r?\n/g, ' ');
}
