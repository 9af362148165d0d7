/**
 * The pull-request comment body: a hidden marker, then the Markdown summary. The marker
 * is how the GitHub Action (action/post-comment.mjs) finds its own comment again and
 * updates it in place, so a PR carries one loadgate comment however often it is pushed.
 */
import { MARKDOWN_MAX_CHARS, renderMarkdownFromView } from './markdown.js';
import type { ReportViewModel } from './view-model-types.js';

/** First line of every loadgate PR comment; an HTML comment, so GitHub does not show it. */
export const PR_COMMENT_MARKER = '<!-- loadgate:pr-comment -->';

/**
 * Renders the PR comment body: the marker line, then the Markdown summary, together
 * never longer than GitHub's 65,536-character limit on a comment.
 */
export function renderPrCommentFromView(view: ReportViewModel): string {
  const head = `${PR_COMMENT_MARKER}\n`;
  return `${head}${renderMarkdownFromView(view, MARKDOWN_MAX_CHARS - head.length)}`;
}
