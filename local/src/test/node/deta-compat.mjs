// Deta's official JS SDK (npm deta@2.0.0) against a Cloud Files gateway.
//
// Environment:
//   DETA_PROJECT_KEY     a Cloud Files key, "{project}_{secret}" (the SDK derives the project from it)
//   DETA_DRIVE_HOST      host:port of the gateway; the SDK always uses https://
//   NODE_EXTRA_CA_CERTS  the gateway's certificate (LocalStack.tlsCertificatePem())
//   COMPAT_LIMITS        "aws" (default): API Gateway/Lambda limits, SDK puts > 4 MiB must get the 413;
//                        "raised": payload and inline upload limits raised, 10 MiB SDK parts must succeed
//   COMPAT_DRIVE         drive name (default "compat")
//
// Prints one JSON line per check: {"check","ok","ms","detail"} (detail = why, when not ok).
// Exit code 0 when every check passed, 1 otherwise, 2 on the overall timeout.
import dc from 'node:diagnostics_channel';
import { randomBytes } from 'node:crypto';
import { Deta } from 'deta';

const KEY = required('DETA_PROJECT_KEY');
const HOST = required('DETA_DRIVE_HOST');
const LIMITS = process.env.COMPAT_LIMITS || 'aws';
const DRIVE = process.env.COMPAT_DRIVE || 'compat';
const PROJECT = KEY.split('_')[0];
const GATEWAY_ORIGIN = `https://${HOST}`;
const BASE_PATH = `/v1/${PROJECT}/${DRIVE}`;
const MIB = 1024 * 1024;

const overall = setTimeout(() => {
  emit({ check: 'overall-timeout', ok: false, ms: 0, detail: 'the script did not finish within 240 s' });
  process.exit(2);
}, 240_000);
overall.unref();

// ---- what goes over the wire: the SDK uses Node's built-in fetch (undici), which publishes
// every request, redirect hops included, on these diagnostics channels.
const wire = [];
const entries = new WeakMap();
dc.subscribe('undici:request:create', ({ request }) => {
  const headers = {};
  const raw = Array.isArray(request.headers) ? request.headers : [];
  for (let i = 0; i + 1 < raw.length; i += 2) headers[String(raw[i]).toLowerCase()] = String(raw[i + 1]);
  const entry = { origin: String(request.origin), method: request.method, path: request.path, headers, status: null };
  entries.set(request, entry);
  wire.push(entry);
});
dc.subscribe('undici:request:headers', ({ request, response }) => {
  const entry = entries.get(request);
  if (entry) entry.status = response.statusCode;
});

/** The requests made while fn runs. */
async function recording(fn) {
  const start = wire.length;
  const result = await fn();
  return { result, requests: wire.slice(start) };
}

// ---- harness
let failures = 0;
function emit(line) {
  process.stdout.write(JSON.stringify(line) + '\n');
}
async function check(name, fn) {
  const started = Date.now();
  try {
    await fn();
    emit({ check: name, ok: true, ms: Date.now() - started });
  } catch (e) {
    failures++;
    emit({ check: name, ok: false, ms: Date.now() - started, detail: String(e && e.stack ? e.message : e) });
  }
}
function assert(condition, message) {
  if (!condition) throw new Error(message);
}
function equal(actual, expected, what) {
  const a = JSON.stringify(actual);
  const b = JSON.stringify(expected);
  if (a !== b) throw new Error(`${what}: expected ${b}, got ${a}`);
}
async function rejects(promise, what) {
  try {
    await promise;
  } catch (e) {
    return e;
  }
  throw new Error(`${what}: expected the SDK to throw, it resolved`);
}
function required(name) {
  const value = process.env[name];
  if (!value) {
    emit({ check: 'environment', ok: false, ms: 0, detail: `${name} is not set` });
    process.exit(1);
  }
  return value;
}
async function bytesOf(blob) {
  assert(blob, 'get returned null');
  return Buffer.from(await blob.arrayBuffer());
}
function sameBytes(actual, expected, what) {
  assert(actual.length === expected.length, `${what}: ${actual.length} bytes back, ${expected.length} put`);
  assert(actual.equals(expected), `${what}: the bytes differ`);
}
function describe(requests) {
  return requests.map((r) => `${r.method} ${r.origin}${r.path} -> ${r.status}`).join('; ');
}
function pathAndQuery(request) {
  assert(request.path.startsWith(BASE_PATH + '/'), `path ${request.path} is not under ${BASE_PATH}/`);
  return request.path.substring(BASE_PATH.length);
}
/** The upload sequence the SDK uses for every put: init, parts of 10 MiB, complete. */
function assertChunkedUpload(requests, encodedName, parts) {
  const api = requests.filter((r) => r.origin === GATEWAY_ORIGIN);
  equal(api.length, parts + 2, `requests of the put (${describe(requests)})`);
  equal(`${api[0].method} ${pathAndQuery(api[0])}`, `POST /uploads?name=${encodedName}`, 'init');
  const uploadId = /^\/uploads\/([^/?]+)[/?]/.exec(pathAndQuery(api[1]))?.[1];
  assert(uploadId, `no upload id in ${api[1].path}`);
  for (let k = 1; k <= parts; k++) {
    equal(`${api[k].method} ${pathAndQuery(api[k])}`, `POST /uploads/${uploadId}/parts?name=${encodedName}&part=${k}`, `part ${k}`);
  }
  equal(`${api[parts + 1].method} ${pathAndQuery(api[parts + 1])}`, `PATCH /uploads/${uploadId}?name=${encodedName}`, 'complete');
  for (const r of api) equal(r.status < 300, true, `status of ${r.method} ${r.path}`);
}

// ---- the checks
const deta = Deta(KEY);
const drive = deta.Drive(DRIVE);
const text = 'hello, Cloud Files\n';
const bytes = Buffer.from(Array.from({ length: 256 * 4 }, (_, i) => i % 256));
const oddName = 'dir with spaces/ünïcødé ✓ 名前 +&=%.bin';
const oddBytes = randomBytes(3000);

await check('setup: list + deleteMany empty the drive (a rerun against `make run` data starts clean)', async () => {
  for (let round = 0; round < 100; round++) {
    const { names } = await drive.list();
    if (names.length === 0) return;
    const { failed } = await drive.deleteMany(names);
    equal(Object.keys(failed || {}), [], 'failed');
  }
  throw new Error('the drive is still not empty after 100 rounds');
});

await check('put.text: every put is init + parts + complete, with X-API-Key, under https://{host}/v1/{project}/{drive}', async () => {
  const { result, requests } = await recording(() => drive.put('hello.txt', { data: text }));
  equal(result, 'hello.txt', 'put result');
  assertChunkedUpload(requests, 'hello.txt', 1);
  for (const r of requests) {
    equal(r.origin, GATEWAY_ORIGIN, 'origin');
    equal(r.headers['x-api-key'], KEY, `X-API-Key of ${r.method} ${r.path}`);
  }
  equal(requests[0].headers['content-type'], 'binary/octet-stream', 'Content-Type of the init (the SDK default)');
});

await check('get.text: bytes back, content type guessed from the extension', async () => {
  const { result, requests } = await recording(() => drive.get('hello.txt'));
  equal((await bytesOf(result)).toString('utf8'), text, 'content');
  assert(result.type.startsWith('text/plain'), `type: expected text/plain, got ${result.type}`);
  equal(requests.map((r) => `${r.method} ${pathAndQuery(r)} ${r.status}`), ['GET /files/download?name=hello.txt 200'], 'requests');
});

await check('put.buffer/get: a Buffer with every byte value', async () => {
  equal(await drive.put('data/bytes.bin', { data: bytes }), 'data/bytes.bin', 'put result');
  sameBytes(await bytesOf(await drive.get('data/bytes.bin')), bytes, 'bytes');
});

await check('put.uint8array/get', async () => {
  const data = new Uint8Array(randomBytes(777));
  equal(await drive.put('data/u8.bin', { data }), 'data/u8.bin', 'put result');
  sameBytes(await bytesOf(await drive.get('data/u8.bin')), Buffer.from(data), 'bytes');
});

await check('put/get: a name with spaces, unicode and + & = %', async () => {
  const { result, requests } = await recording(() => drive.put(oddName, { data: oddBytes }));
  equal(result, oddName, 'put result');
  assertChunkedUpload(requests, encodeURIComponent(oddName), 1);
  sameBytes(await bytesOf(await drive.get(oddName)), oddBytes, 'bytes');
});

await check('put/get: the contentType option is stored and served', async () => {
  equal(await drive.put('notes.bin', { data: '# notes', contentType: 'text/markdown' }), 'notes.bin', 'put result');
  const blob = await drive.get('notes.bin');
  equal(blob.type, 'text/markdown', 'type');
  equal((await bytesOf(blob)).toString(), '# notes', 'content');
});

await check('get: a missing file is null (404)', async () => {
  equal(await drive.get('no/such/file.txt'), null, 'get result');
});

await check('list(): every name, byte order, no paging on the last page', async () => {
  const { result, requests } = await recording(() => drive.list());
  equal(pathAndQuery(requests[0]), '/files?prefix=&recursive=true&limit=1000&last=', 'query the SDK sends');
  const expected = ['data/bytes.bin', 'data/u8.bin', oddName, 'hello.txt', 'notes.bin']
    .sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
  equal(result.names, expected, 'names');
  equal(result.paging, undefined, 'paging');
});

await check('list({prefix, limit, last}): paging through a prefix', async () => {
  const names = ['page/1', 'page/2', 'page/3', 'page/4', 'page/5'];
  for (const name of names) await drive.put(name, { data: name });
  const seen = [];
  let last;
  for (let round = 0; round < 5; round++) {
    const page = await drive.list({ prefix: 'page/', limit: 2, last });
    seen.push(...page.names);
    if (!page.paging) break;
    equal(page.paging.size, page.names.length, 'paging.size');
    equal(page.paging.last, page.names[page.names.length - 1], 'paging.last');
    last = page.paging.last;
  }
  equal(seen, names, 'names over all pages');
});

await check('list({prefix: "dir with spaces/"}): an unencoded prefix with spaces', async () => {
  const { result, requests } = await recording(() => drive.list({ prefix: 'dir with spaces/' }));
  equal(result.names, [oddName], `names (sent ${requests[0].path})`);
});

await check('list({prefix: "100%/"}): a lone % sent unencoded is taken literally (lenient query parsing)', async () => {
  await drive.put('100%/a.txt', { data: 'percent' });
  try {
    const { result, requests } = await recording(() => drive.list({ prefix: '100%/' }).catch((e) => e));
    const r = requests[0];
    assert(!(result instanceof Error), `list threw "${result.message}"; ${r.method} ${r.path} -> ${r.status}`);
    equal(result.names, ['100%/a.txt'], 'names');
  } finally {
    await drive.delete('100%/a.txt');
  }
});

await check('list({recursive: false}): sub-directories folded', async () => {
  await drive.put('tree/a/1.txt', { data: '1' });
  await drive.put('tree/b.txt', { data: 'b' });
  const result = await drive.list({ prefix: 'tree/', recursive: false });
  equal(result.names, ['tree/a/', 'tree/b.txt'], 'names');
});

await check('list paging with limit=1 over names with spaces and unicode (last= sent unencoded)', async () => {
  const names = ['pages/a b', 'pages/a b/ü', 'pages/ä ö', 'pages/名前 1', 'pages/名前 2'];
  for (const name of names) await drive.put(name, { data: name });
  const seen = [];
  let last;
  for (let round = 0; round < names.length + 2; round++) {
    const page = await drive.list({ prefix: 'pages/', limit: 1, last });
    seen.push(...page.names);
    if (!page.paging) break;
    last = page.paging.last;
  }
  equal(seen, names, 'names over all pages');
});

await check('put: overwriting a name replaces its content', async () => {
  await drive.put('over.txt', { data: 'first' });
  await drive.put('over.txt', { data: 'second' });
  equal((await bytesOf(await drive.get('over.txt'))).toString(), 'second', 'content');
});

await check('put of an empty Buffer: init + complete with zero parts gives an empty file', async () => {
  const { result, requests } = await recording(() => drive.put('empty.bin', { data: Buffer.alloc(0) }));
  equal(result, 'empty.bin', 'put result');
  assertChunkedUpload(requests, 'empty.bin', 0);
  equal((await bytesOf(await drive.get('empty.bin'))).length, 0, 'size');
});

await check('delete: returns the name; the file is gone', async () => {
  const { result, requests } = await recording(() => drive.delete('hello.txt'));
  equal(result, 'hello.txt', 'delete result');
  equal(`${requests[0].method} ${pathAndQuery(requests[0])} ${requests[0].status}`, 'DELETE /files 200', 'request');
  equal(await drive.get('hello.txt'), null, 'get after delete');
});

await check('deleteMany: a missing name counts as deleted', async () => {
  const result = await drive.deleteMany(['data/bytes.bin', 'data/u8.bin', 'never/existed.bin']);
  equal([...result.deleted].sort(), ['data/bytes.bin', 'data/u8.bin', 'never/existed.bin'], 'deleted');
  equal(Object.keys(result.failed || {}), [], 'failed');
  equal(await drive.get('data/bytes.bin'), null, 'get after deleteMany');
});

await check('deleteMany: an invalid name is reported in failed', async () => {
  const result = await drive.deleteMany(['/leading-slash']);
  equal(result.failed, { '/leading-slash': 'invalid name' }, 'failed');
});

await check('errors: a wrong secret is rejected (401) with the server message', async () => {
  const wrong = Deta(`${PROJECT}_wrongsecret`).Drive(DRIVE);
  const { result: error, requests } = await recording(() => rejects(wrong.put('x.txt', { data: 'x' }), 'put'));
  equal(requests.map((r) => r.status), [401], 'statuses');
  assert(error.message && error.message !== 'Something went wrong', `message: ${error.message}`);
  await rejects(wrong.get('notes.bin'), 'get with a wrong key (must not look like a missing file)');
});

await check('get above the 1 MiB inline limit: 302 to presigned S3, followed with X-API-Key re-sent', async () => {
  const data = randomBytes(2 * MIB);
  await drive.put('big/2mib.bin', { data });
  const { result, requests } = await recording(() => drive.get('big/2mib.bin'));
  sameBytes(await bytesOf(result), data, 'bytes');
  equal(requests.length, 2, `requests (${describe(requests)})`);
  equal(requests[0].status, 302, 'status from the gateway');
  assert(requests[1].origin !== GATEWAY_ORIGIN, `redirect target ${requests[1].origin} is the gateway`);
  assert(/X-Amz-Signature=/.test(requests[1].path), `redirect target ${requests[1].path} is not presigned`);
  equal(requests[1].headers['x-api-key'], KEY, 'X-API-Key re-sent to the S3 host');
  equal(requests[1].status, 200, 'status from S3');
});

await check('put just under 4 MiB (one SDK part) and get it back', async () => {
  const data = randomBytes(4 * MIB - 1024);
  const { requests } = await recording(() => drive.put('big/just-under-4mib.bin', { data }));
  assertChunkedUpload(requests, 'big%2Fjust-under-4mib.bin', 1);
  sameBytes(await bytesOf(await drive.get('big/just-under-4mib.bin')), data, 'bytes');
});

if (LIMITS === 'aws') {
  await check('put of 4 MiB + 1 byte: the documented 413 JSON, surfaced as the SDK error', async () => {
    const { result: error, requests } = await recording(() =>
      rejects(drive.put('big/4mib-plus-1.bin', { data: randomBytes(4 * MIB + 1) }), 'put'));
    const part = requests.find((r) => /\/parts\?/.test(r.path));
    equal(part?.status, 413, `status of the part (${describe(requests)})`);
    assert(/presigned/.test(error.message), `message should point to presigned uploads: ${error.message}`);
    equal(await drive.get('big/4mib-plus-1.bin'), null, 'nothing visible after the failed put');
  });

  await check('put of 12 MiB (10 MiB SDK parts): the documented 413 JSON, surfaced as the SDK error', async () => {
    const { result: error, requests } = await recording(() =>
      rejects(drive.put('big/12mib.bin', { data: randomBytes(12 * MIB) }), 'put'));
    const part = requests.find((r) => /\/parts\?/.test(r.path));
    equal(part?.status, 413, `status of part 1 (${describe(requests)})`);
    assert(/presigned/.test(error.message), `message should point to presigned uploads: ${error.message}`);
    equal(await drive.get('big/12mib.bin'), null, 'nothing visible after the failed put');
  });
} else {
  await check('put of 12 MiB (parts of 10 MiB + 2 MiB) with raised limits, and get it back', async () => {
    const data = randomBytes(12 * MIB);
    const { requests } = await recording(() => drive.put('big/12mib.bin', { data }));
    assertChunkedUpload(requests, 'big%2F12mib.bin', 2);
    sameBytes(await bytesOf(await drive.get('big/12mib.bin')), data, 'bytes');
  });
}

clearTimeout(overall);
process.exitCode = failures === 0 ? 0 : 1;
