/**
 * Loads the .hbs templates. `tsc` does not copy them into dist/, so a compiled module
 * looks beside itself first and then in the package's src/report/templates/.
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import Handlebars from 'handlebars';
import { ReportTemplateError } from '../core/errors.js';

/** Absolute path of a shipped template, beside this module or in src/report/templates/. */
export function templatePath(name: string): string {
  const candidates = [new URL(`./templates/${name}`, import.meta.url), new URL(`../../src/report/templates/${name}`, import.meta.url)];
  for (const candidate of candidates) {
    if (existsSync(candidate)) return fileURLToPath(candidate);
  }
  throw new ReportTemplateError(name, candidates.map((c) => fileURLToPath(c)));
}

const PARTIALS = ['styles', 'chart', 'scenario', 'sign-off', 'evidence'] as const;

let environment: typeof Handlebars | null = null;
const compiled = new Map<string, HandlebarsTemplateDelegate>();

/** An isolated Handlebars environment with loadgate's partials and no helpers that do math. */
function handlebars(): typeof Handlebars {
  if (environment) return environment;
  const env = Handlebars.create();
  for (const name of PARTIALS) env.registerPartial(name, readFileSync(templatePath(`${name}.hbs`), 'utf8'));
  environment = env;
  return env;
}

/**
 * Compiles (once) and returns a template. `noEscape` is only for Markdown, whose view
 * is escaped for Markdown before it reaches the template.
 */
export function loadTemplate(name: string, options: { noEscape?: boolean } = {}): HandlebarsTemplateDelegate {
  const key = `${name}:${options.noEscape ? 'raw' : 'escaped'}`;
  const cached = compiled.get(key);
  if (cached) return cached;
  const source = readFileSync(templatePath(`${name}.hbs`), 'utf8');
  const template = handlebars().compile(source, { noEscape: options.noEscape ?? false, strict: true });
  compiled.set(key, template);
  return template;
}
