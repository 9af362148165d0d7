/**
 * What `compare` (and `merge`) say about inputs that hold nothing usable — named for what
 * they are, with the file — and that a UTF-8 byte-order mark is read past (issue 14).
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InputFileError } from '../../src/core/errors.js';
import { gunzipSync } from 'node:zlib';
import { detectInput, loadInputs } from '../../src/results/importers/index.js';
import { runCli } from '../helpers/cli.js';
import { BENCHSTAT_FIXTURES, K6_FIXTURES } from '../helpers/fixtures.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'loadgate-compare-inputs-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function refusal(name: string, content: string | Buffer): Promise<string> {
  const file = join(dir, name);
  await writeFile(file, content);
  const err = await detectInput(file).catch((e: unknown) => e);
  expect(err).toBeInstanceOf(InputFileError);
  const message = (err as Error).message;
  expect(message.startsWith(`${file}: `)).toBe(true);
  return message.slice(file.length + 2);
}

describe('inputs that hold nothing usable are named for what they are', () => {
  it('an empty file', async () => {
    expect(await refusal('empty.txt', '')).toMatch(/^file is empty; expected a loadgate results file, .* or Go benchmark text$/);
  });
  it('a file of JSON null, true, a number or a string', async () => {
    expect(await refusal('null.json', 'null\n')).toMatch(/^file contains JSON null, not a loadgate results file/);
    expect(await refusal('true.json', 'true')).toMatch(/^file contains the JSON boolean true, not/);
    expect(await refusal('num.json', ' 12.5 ')).toMatch(/^file contains the JSON number 12.5, not/);
    expect(await refusal('str.json', '"BenchmarkX 1 2 ns/op"')).toMatch(/^file contains a JSON string \("BenchmarkX 1 2 ns\/op"\), not/);
  });
  it('a file of blank lines', async () => {
    expect(await refusal('blank.txt', '\n'.repeat(1000))).toMatch(/^file holds only blank lines \(1000 line breaks, no content\)/);
    expect(await refusal('bom-only.txt', '\ufeff\r\n')).toMatch(/^file holds only blank lines/);
  });
});

describe('a UTF-8 byte-order mark is not content', () => {
  it('JSON inputs with a BOM are read', async () => {
    const file = join(dir, 'bom-summary.json');
    await writeFile(file, `\ufeff${await readFile(join(K6_FIXTURES, 'summary-export.json'), 'utf8')}`);
    expect((await detectInput(file)).kind).toBe('k6-summary-export');
  });
  it('k6 --out json lines with a BOM are read (the first record was "not JSON")', async () => {
    const lines = gunzipSync(await readFile(join(K6_FIXTURES, 'points.ndjson.gz'))).toString('utf8');
    const plain = join(dir, 'points.ndjson');
    const bom = join(dir, 'bom-points.ndjson');
    await writeFile(plain, lines);
    await writeFile(bom, `\ufeff${lines}`);
    const summaries = async (file: string) => (await loadInputs([file])).scenarios.map((sc) => sc.repetitions.map((r) => r.summary));
    expect(await summaries(bom)).toEqual(await summaries(plain));
  });
  it('Go benchmark text with a BOM keeps its first line (benchstat would drop it)', async () => {
    const text = await readFile(join(BENCHSTAT_FIXTURES, 'old.txt'), 'utf8');
    const file = join(dir, 'bom-old.txt');
    await writeFile(file, `\ufeff${text}`);
    const detected = await detectInput(file);
    expect(detected).toEqual({ kind: 'go-bench', text });
  });
});

describe('loadgate compare on such files (CLI)', () => {
  it('exits 2 naming the file; names the side without Go benchmark results', async () => {
    await writeFile(join(dir, 'none.txt'), 'PASS\nok  \texample.com/x\t0.01s\n');
    await writeFile(join(dir, 'darwin.txt'), 'goos: darwin\nBenchmarkEncode/format=json-48 1 1700 ns/op\n');
    const [empty, none, several] = await Promise.all([
      runCli(['compare', 'empty.txt', join(BENCHSTAT_FIXTURES, 'new.txt')], { cwd: dir }),
      runCli(['compare', 'none.txt', join(BENCHSTAT_FIXTURES, 'new.txt'), '--format', 'csv'], { cwd: dir }),
      runCli(['compare', '--base', join(BENCHSTAT_FIXTURES, 'old.txt'), 'darwin.txt', '--head', join(BENCHSTAT_FIXTURES, 'new.txt'), '--format', 'csv'], { cwd: dir }),
    ]);
    // Several files of a side are one column, each file read on its own: darwin.txt does not
    // inherit old.txt's goarch and pkg.
    expect(several.code).toBe(0);
    expect(several.stdout.split('\n').slice(0, 3)).toEqual(['goos: darwin', 'goarch: ', 'pkg: ']);
    expect(empty.code).toBe(2);
    expect(empty.stderr).toContain('empty.txt: file is empty;');
    // One side has results, so benchstat's table prints (one column); both empty is refused, by name.
    expect(none.code).toBe(0);
    const both = await runCli(['compare', 'none.txt', 'none.txt'], { cwd: dir });
    expect(both.code).toBe(2);
    expect(both.stderr).toContain('none.txt, none.txt: no Go benchmark results: expected lines like `BenchmarkX-8  1000  1234 ns/op`');
  }, 60_000);
});

describe('broken JSON is located, not guessed', () => {
  it('an unexpected token is not called a truncated file at its last line', async () => {
    const file = join(dir, 'token.json');
    await writeFile(file, `{"metrics": {\n"a": x\n}${'\n'.repeat(960)}`);
    const err = await detectInput(file).catch((e: unknown) => e as Error);
    expect(err).toBeInstanceOf(InputFileError);
    expect((err as Error).message).toMatch(/token\.json: not valid JSON \(Unexpected token 'x'/);
    expect((err as Error).message).not.toMatch(/line 96\d|truncated/);
  });
  it('a cut-off file is called truncated', async () => {
    const file = join(dir, 'cut.json');
    await writeFile(file, '{"metrics": {"a": 1');
    expect((await detectInput(file).catch((e: unknown) => e as Error) as Error).message).toMatch(/cut\.json: not valid JSON at line 1 \(.*\); is the file truncated\?$/);
  });
});
