"""A small HTTP load generator (wrk is not installable offline): ``clients`` concurrent clients
on asyncio, each sending its next request as soon as the previous answer is complete, for
``duration`` seconds; one TCP connection per request (gunicorn's sync workers close it anyway).

``python -m bench.loadgen SPEC.json`` prints one JSON object: requests, errors (status other
than expected, or a socket error), requests/s, and p50/p95/p99 latency in seconds. It runs in
its own process, so that its CPU time is not the server's (they still share the machine's
cores, as the issue's baseline assumes). SPEC: host, port, clients, duration, and requests:
a list of {method, path, headers, body} used in turn (a POST can vary its body this way),
expect: the accepted status codes.
"""

from __future__ import annotations

import asyncio
import json
import sys
import time
from typing import Any


def percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(q / 100 * (len(ordered) - 1))))
    return ordered[index]


async def _one(host: str, port: int, raw: bytes) -> int:
    reader, writer = await asyncio.open_connection(host, port)
    try:
        writer.write(raw)
        await writer.drain()
        data = await reader.read()  # the server closes the connection after the response
    finally:
        writer.close()
    status_line = data.split(b"\r\n", 1)[0].split()
    return int(status_line[1]) if len(status_line) >= 2 else 0


def _raw(host: str, port: int, request: dict[str, Any]) -> bytes:
    body = request.get("body", "").encode("utf-8")
    headers = {
        "Host": f"{host}:{port}",
        "Connection": "close",
        "User-Agent": "kehoach-bench",
        **request.get("headers", {}),
    }
    if body or request["method"] != "GET":
        headers["Content-Length"] = str(len(body))
    head = f"{request['method']} {request['path']} HTTP/1.1\r\n" + "".join(
        f"{k}: {v}\r\n" for k, v in headers.items()
    )
    return head.encode("latin-1") + b"\r\n" + body


async def run(spec: dict[str, Any]) -> dict[str, Any]:
    host, port = spec["host"], spec["port"]
    raws = [_raw(host, port, r) for r in spec["requests"]]
    expect = set(spec.get("expect", [200]))
    latencies: list[float] = []
    errors = 0
    counter = 0
    deadline = time.perf_counter() + spec["duration"]
    max_requests = spec.get("max_requests", 10**9)

    async def client() -> None:
        nonlocal errors, counter
        while time.perf_counter() < deadline and counter < max_requests:
            raw = raws[counter % len(raws)]
            counter += 1
            start = time.perf_counter()
            try:
                status = await asyncio.wait_for(_one(host, port, raw), timeout=30)
            except (TimeoutError, OSError):
                status = 0
            latencies.append(time.perf_counter() - start)
            if status not in expect:
                errors += 1

    started = time.perf_counter()
    await asyncio.gather(*(client() for _ in range(spec["clients"])))
    elapsed = time.perf_counter() - started
    return {
        "requests": len(latencies),
        "errors": errors,
        "elapsed": elapsed,
        "rps": len(latencies) / elapsed if elapsed else 0.0,
        "p50": percentile(latencies, 50),
        "p95": percentile(latencies, 95),
        "p99": percentile(latencies, 99),
    }


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    with open(args[0], encoding="utf-8") as handle:
        spec = json.load(handle)
    result = asyncio.run(run(spec))
    sys.stdout.write(json.dumps(result) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
