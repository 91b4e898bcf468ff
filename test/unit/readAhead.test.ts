// The server host's read-ahead (host/src/serverHost.ts): the cold index hands it the files in the
// order it will read them, a reader thread reads them, and `readTextFile` answers from what it read.
// The answers must be exactly the direct reads' (texts, skips, errors), files not asked ahead are
// read directly, and the reads really come from the thread.
import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describeFsError, readTextFile, type ReadResult } from '../../host/src/fileSystem';
import { createNodeHost, READ_AHEAD_MIN_FILES } from '../../host/src/serverHost';

/** A direct read as the server sees it: the result, or the message it logs. */
function direct(file: string, maxBytes: number): ReadResult | { error: string } {
  try {
    return readTextFile(file, maxBytes);
  } catch (error) {
    return { error: describeFsError(error) };
  }
}

async function viaHost(host: ReturnType<typeof createNodeHost>, file: string, maxBytes: number): Promise<ReadResult | { error: string }> {
  try {
    return await host.readTextFile(file, maxBytes);
  } catch (error) {
    return { error: describeFsError(error) };
  }
}

suite('host: reading ahead on a reader thread (server cold index)', function () {
  this.timeout(60_000);
  let dir: string;
  let files: string[];

  suiteSetup(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'ksd-ahead-'));
    files = [];
    for (let i = 0; i < READ_AHEAD_MIN_FILES + 40; i++) {
      const file = path.join(dir, `f${i}.yaml`);
      writeFileSync(file, `name: f${i}\n`);
      files.push(file);
    }
    writeFileSync(path.join(dir, 'big.yaml'), `a: ${'x'.repeat(300)}\n`);
    writeFileSync(path.join(dir, 'binary.yaml'), Buffer.from([0x61, 0, 0x62]));
    mkdirSync(path.join(dir, 'folder.yaml'));
    files.push(path.join(dir, 'big.yaml'), path.join(dir, 'binary.yaml'), path.join(dir, 'missing.yaml'), path.join(dir, 'folder.yaml'));
  });
  suiteTeardown(() => rmSync(dir, { recursive: true, force: true }));

  test('every answer is the direct read: texts, size and binary skips, missing files and folders', async () => {
    const host = createNodeHost();
    const expected = files.map((f) => direct(f, 200));
    assert.ok(expected.some((r) => 'error' in r) && expected.some((r) => 'skipped' in r), 'the list holds errors and skips');
    host.readAhead!(files, 200);
    const got: unknown[] = [];
    for (const f of files) got.push(await viaHost(host, f, 200));
    assert.deepStrictEqual(got, expected);
    host.readAhead!([], 0);
  });

  test('the answers come from the thread: files removed after its first answer are still answered', async () => {
    const scratch = mkdtempSync(path.join(os.tmpdir(), 'ksd-ahead-gone-'));
    const list: string[] = [];
    for (let i = 0; i < READ_AHEAD_MIN_FILES + 10; i++) {
      list.push(path.join(scratch, `g${i}.yaml`));
      writeFileSync(list[i]!, `g: ${i}\n`);
    }
    const host = createNodeHost();
    host.readAhead!(list, 1000);
    // These small files arrive in one batch: once the first is answered, all were read.
    assert.deepStrictEqual(await host.readTextFile(list[0]!, 1000), { text: 'g: 0\n' });
    rmSync(scratch, { recursive: true, force: true });
    for (let i = 1; i < list.length; i++) assert.deepStrictEqual(await host.readTextFile(list[i]!, 1000), { text: `g: ${i}\n` });
    // Asked again, or with another limit, a file is read directly (now it is gone).
    await assert.rejects(host.readTextFile(list[1]!, 1000), { code: 'ENOENT' });
    host.readAhead!([], 0);
  });

  test('files not asked ahead, another size limit, short lists and a dropped read-ahead are read directly', async () => {
    const host = createNodeHost();
    host.readAhead!(files, 200);
    assert.deepStrictEqual(await viaHost(host, files[5]!, 100_000), direct(files[5]!, 100_000));
    const other = path.join(dir, 'other.yaml');
    writeFileSync(other, 'other: 1\n');
    assert.deepStrictEqual(await host.readTextFile(other, 200), { text: 'other: 1\n' });
    host.readAhead!([], 0);
    assert.deepStrictEqual(await viaHost(host, files[6]!, 200), direct(files[6]!, 200));
    host.readAhead!(files.slice(0, 3), 200);
    for (const f of files.slice(0, 3)) assert.deepStrictEqual(await viaHost(host, f, 200), direct(f, 200));
    host.readAhead!([], 0);
  });
});
