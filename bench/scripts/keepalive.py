#!/usr/bin/env python3
"""Per-request latency on ONE keep-alive connection, as Python requests / Node fetch / Deta's SDKs use it.

http.client sends a request's headers and its body in separate writes: with Nagle on at the
server and delayed ACKs at the client, each such request waits ~40 ms for nothing. Compare two
gateways side by side, alternating A B A B so that machine noise hits both:

    python3 bench/scripts/keepalive.py URL_A KEY_A URL_B KEY_B [ROUNDS] [OPS]
"""
import http.client
import statistics
import sys
import time
import urllib.parse


def run(url, key, ops):
    parsed = urllib.parse.urlparse(url)
    conn = http.client.HTTPConnection(parsed.hostname, parsed.port)
    base = "/v1/dev/keepalive"
    headers = {"X-Api-Key": key, "Content-Type": "application/octet-stream"}
    times = {"put": [], "get": [], "list": [], "delete": []}
    for i in range(ops):
        name = "f%d.bin" % i
        for op, method, path, body in (
            ("put", "POST", base + "/files?name=" + name, b"x" * 1024),
            ("get", "GET", base + "/files/download?name=" + name, None),
            ("list", "GET", base + "/files?limit=10", None),
            ("delete", "DELETE", base + "/files", ('{"names":["%s"]}' % name).encode()),
        ):
            started = time.perf_counter()
            conn.request(method, path, body=body, headers=headers)
            response = conn.getresponse()
            response.read()
            times[op].append((time.perf_counter() - started) * 1000)
            if response.status >= 300:
                raise SystemExit("%s %s -> %d" % (method, path, response.status))
    conn.close()
    return {op: statistics.median(values) for op, values in times.items()}


def main():
    url_a, key_a, url_b, key_b = sys.argv[1:5]
    rounds = int(sys.argv[5]) if len(sys.argv) > 5 else 4
    ops = int(sys.argv[6]) if len(sys.argv) > 6 else 50
    run(url_a, key_a, 5), run(url_b, key_b, 5)  # warm-up: JIT, connections, caches
    results = {"A": [], "B": []}
    for _ in range(rounds):
        for label, url, key in (("A", url_a, key_a), ("B", url_b, key_b)):
            medians = run(url, key, ops)
            results[label].append(medians)
            print("%s %s" % (label, " ".join("%s=%.1fms" % kv for kv in medians.items())), flush=True)
    for label in ("A", "B"):
        overall = statistics.median(m for r in results[label] for m in r.values())
        print("%s median of medians: %.1f ms" % (label, overall))
    a = statistics.median(m for r in results["A"] for m in r.values())
    b = statistics.median(m for r in results["B"] for m in r.values())
    print("ratio A/B: %.1f" % (a / b))


if __name__ == "__main__":
    main()
