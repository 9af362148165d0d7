/**
 * A commander command that reads its command line as Go's pflag does, for `loadgate k6 run`:
 * k6 parses its flags with pflag, and a user who swaps `k6 run` for `loadgate k6 run` keeps
 * what they type and what they are told. Commander still defines the flags and the help; this
 * adds pflag's `--flag=false` for bool flags (and `-l=true`), gives a flag whose value is
 * optional (`--http-debug`) a value only after `=`, and answers bad input with
 * pflag's (and cobra's) words as one k6 log line, exit 255: `unknown flag: --nope`,
 * `unknown shorthand flag: 'x' in -xy`, `flag needs an argument: 'u' in -u`,
 * `invalid argument "x" for "-u, --vus" flag: strconv.ParseInt: parsing "x": invalid syntax`.
 */
import { Command, CommanderError, Option } from 'commander';
import { K6ExitCode } from '../core/errors.js';
import { goParseBool } from '../core/go-strconv.js';
import { k6LogConsole } from '../engine/output/k6-log-console.js';
import { FlagValueError } from '../runner/k6-option-flags.js';

/** Carries one `--flag=value` of a bool flag to its option, in command-line order (`<attribute>=<true|false>`). */
const SET_BOOL = '--loadgate-pflag-bool';

export class PflagCommand extends Command {
  /** The arguments being parsed: pflag's errors quote what the user typed. */
  private typed: string[] = [];
  /** Cobra's words for a wrong number of arguments, after `accepts N arg(s), received M`. */
  private argsHint = '';

  constructor(name: string) {
    super(name);
    this.addOption(new Option(`${SET_BOOL} <setting>`).hideHelp());
    this.on(`option:${SET_BOOL.slice(2)}`, (setting: string) => {
      const at = setting.lastIndexOf('=');
      this.setOptionValueWithSource(setting.slice(0, at), setting.slice(at + 1) === 'true', 'cli');
    });
  }

  /** What cobra adds to `accepts 1 arg(s), received 0` (k6 run: that the argument is a script or "-"). */
  argumentsHint(hint: string): this {
    this.argsHint = hint;
    return this;
  }

  override parseOptions(argv: string[]): { operands: string[]; unknown: string[] } {
    this.typed = argv;
    try {
      return super.parseOptions(this.withBoolValues(argv));
    } catch (err) {
      // A flag's reader refused its value, in pflag's words (k6-option-flags.ts).
      if (err instanceof FlagValueError) throw usage(err.message);
      throw err;
    }
  }

  /** Every error commander raises for this command, in pflag's or cobra's words. */
  override error(message: string, errorOptions?: { code?: string; exitCode?: number }): never {
    throw usage(this.pflagMessage(message, errorOptions?.code));
  }

  private pflagMessage(message: string, code: string | undefined): string {
    switch (code) {
      case 'commander.unknownOption': {
        const flag = /unknown option '([^']*)'/.exec(message)?.[1] ?? '';
        if (flag.startsWith('--')) return `unknown flag: ${flag.split('=')[0]}`;
        return `unknown shorthand flag: '${flag[1]}' in ${flag}`;
      }
      case 'commander.optionMissingArgument': {
        // The flag without its value is the last thing typed.
        const last = this.typed.at(-1) ?? '';
        return last.startsWith('--') ? `flag needs an argument: ${last}` : `flag needs an argument: '${last.at(-1)}' in -${last.at(-1)}`;
      }
      case 'commander.missingArgument':
        return `accepts ${this.registeredArguments.length} arg(s), received 0${this.argsHint}`;
      case 'commander.excessArguments': {
        const received = /Expected \d+ arguments? but got (\d+)/.exec(message)?.[1] ?? '?';
        return `accepts ${this.registeredArguments.length} arg(s), received ${received}${this.argsHint}`;
      }
      case 'commander.invalidArgument':
        // A flag of loadgate's own (--compat, --vu-threads): its reader's words, which name it.
        return message.replace(/^error: option '[^']*' argument '.*' is invalid\. /s, '');
      default:
        return message.replace(/^error: /, '');
    }
  }

  /**
   * pflag gives a bool flag a value only after `=` (`--linger=false`, `-l=0`, any of Go's
   * strconv.ParseBool words); commander has no such form, so each becomes the flag itself
   * (true) or SET_BOOL (false). Options after `--` are left alone.
   */
  private withBoolValues(argv: string[]): string[] {
    const out: string[] = [];
    for (let i = 0; i < argv.length; i++) {
      const arg = argv[i] as string;
      if (arg === '--') {
        out.push(...argv.slice(i));
        break;
      }
      // A flag whose value is optional (--http-debug) takes one only after `=`: never the next argument.
      const bare = this.options.find((o) => o.optional && (o.long === arg || o.short === arg));
      if (bare) {
        out.push(`${bare.long ?? arg}=${String(bare.presetArg ?? '')}`);
        continue;
      }
      const m = /^(--[^=]+|-[^-=])=(.*)$/s.exec(arg);
      const option = m ? this.options.find((o) => o.long === m[1] || o.short === m[1]) : undefined;
      if (!m || !option || option.required || option.optional) {
        out.push(arg);
        continue;
      }
      const value = m[2] as string;
      const on = goParseBool(value);
      if (on === undefined) throw usage(`invalid argument "${value}" for "${option.short ? `${option.short}, ` : ''}${option.long}" flag: strconv.ParseBool: parsing "${value}": invalid syntax`);
      // `--no-x=false` keeps x on: the flag's meaning is the negation of the option it stores.
      const stored = option.negate ? !on : on;
      out.push(on ? m[1] as string : `${SET_BOOL}=${option.attributeName()}=${stored}`);
    }
    return out;
  }
}

/** k6's usage failure: its log line (logfmt, or coloured on a terminal), then exit 255. */
function usage(message: string): CommanderError {
  k6LogConsole().write({ level: 'error', msg: message });
  return new CommanderError(K6ExitCode.usage, 'k6.usage', message);
}
