#!/usr/bin/env python3
"""Time from a one-article save to the preview's reload message.

    serve_latency.py ANNALIST_BINARY SITE_DIR [RUNS]

Copies SITE_DIR to a temporary folder beside it with a site.yaml of default settings (the
benchmark corpus sets the Hugo-equal `paginate: 0` and one taxonomy; an author previews with the
defaults: three taxonomies, timeline pages of 500 events), starts `annalist serve COPY --port 0`, opens the live-reload stream like a page would, then
RUNS times (default 7) appends a line to one article's body and measures, with
time.perf_counter(), the time from the write until the stream says "reload". The copy is
removed at the end. Between saves it waits for the preview to finish the whole-site files
(the "ready" message). Prints the median and each run in milliseconds. Standard library only.
"""
import os
import pathlib
import shutil
import socket
import statistics
import subprocess
import sys
import time

binary, corpus = sys.argv[1], pathlib.Path(sys.argv[2])
runs = int(sys.argv[3]) if len(sys.argv) > 3 else 7
site = corpus.with_name(corpus.name + ".serve")
shutil.rmtree(site, ignore_errors=True)
shutil.copytree(corpus / "content", site / "content")
(site / "site.yaml").write_text('title: "annalist benchmark corpus, previewed"\n')
articles = sorted(site.glob("content/**/*.md"))
article = articles[len(articles) // 2]

# The preview's messages go to a file (a pipe nobody reads could fill up and stall it).
log = open(site.with_name(site.name + ".log"), "w+")
server = subprocess.Popen([binary, "serve", str(site), "--port", "0"],
                          stdout=subprocess.PIPE, stderr=log, text=True)
try:
    line = server.stdout.readline()
    if "http://127.0.0.1:" not in line:
        server.wait(timeout=60)
        log.seek(0)
        raise SystemExit(f"annalist serve did not start: {log.read()[-2000:]}")
    port = int(line.split("http://127.0.0.1:")[1].split("/")[0])
    stream = socket.create_connection(("127.0.0.1", port))
    stream.sendall(f"GET /__annalist/events HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n".encode())
    stream.settimeout(60)
    buffered = b""

    def wait_for(word):
        global buffered
        while word not in buffered:
            chunk = stream.recv(65536)
            if not chunk:
                raise SystemExit("the event stream closed")
            buffered += chunk
        buffered = buffered.split(word, 1)[1]

    while b"\r\n\r\n" not in buffered:
        buffered += stream.recv(65536)
    buffered = buffered.split(b"\r\n\r\n", 1)[1]
    times = []
    for i in range(runs):
        started = time.perf_counter()
        with open(article, "ab") as f:
            f.write(f"\nEdit {i}.\n".encode())
        wait_for(b'"reload"')
        times.append((time.perf_counter() - started) * 1000)
        # The preview then renders the feeds and calendar; the next save waits for that, as
        # an author's next save would.
        wait_for(b'"ready"')
    print(f"median {statistics.median(times):.1f} ms  runs " + " ".join(f"{t:.1f}" for t in times))
finally:
    server.terminate()
    server.wait(timeout=10)
    shutil.rmtree(site, ignore_errors=True)
