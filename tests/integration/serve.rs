//! `annalist serve` over real loopback connections: live reload after edits, the error overlay,
//! the pages served equal to a full build, and the requests it must refuse.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use crate::support::{read_tree, Site};

/// How long a reload may take to arrive before the test fails (it takes milliseconds).
const WAIT: Duration = Duration::from_secs(10);

/// A running `annalist serve`, killed when dropped.
struct Server {
    child: Child,
    port: u16,
    stderr: mpsc::Receiver<String>,
}

impl Server {
    fn start(site: &Site, extra: &[&str]) -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_annalist"))
            .arg("serve")
            .arg(site.dir())
            .args(["--port", "0"])
            .args(extra)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start annalist serve");
        let stdout = child.stdout.take().expect("stdout");
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                let _ = tx.send(line);
            }
        });
        let stderr = child.stderr.take().expect("stderr");
        let (etx, erx) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                let _ = etx.send(line);
            }
        });
        let line = rx.recv_timeout(WAIT).expect("serve prints its URL");
        let port = line
            .split("http://127.0.0.1:")
            .nth(1)
            .and_then(|rest| rest.split('/').next())
            .and_then(|p| p.parse().ok())
            .unwrap_or_else(|| panic!("no URL in {line:?}"));
        Server {
            child,
            port,
            stderr: erx,
        }
    }

    fn host(&self) -> String {
        format!("127.0.0.1:{}", self.port)
    }

    /// Sends a raw request; returns the status, the head and the body.
    fn request(&self, raw: &str) -> (u16, String, Vec<u8>) {
        let mut stream = TcpStream::connect(("127.0.0.1", self.port)).expect("connect");
        stream.set_read_timeout(Some(WAIT)).unwrap();
        stream.write_all(raw.as_bytes()).unwrap();
        let mut bytes = Vec::new();
        stream.read_to_end(&mut bytes).expect("read response");
        let split = bytes
            .windows(4)
            .position(|w| w == b"\r\n\r\n")
            .expect("a response head");
        let head = String::from_utf8_lossy(&bytes[..split]).into_owned();
        let status = head[9..12].parse().expect("status");
        (status, head, bytes[split + 4..].to_vec())
    }

    fn get(&self, path: &str) -> (u16, String, Vec<u8>) {
        self.request(&format!(
            "GET {path} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n\r\n",
            self.host()
        ))
    }

    /// Opens the live-reload stream and waits for its response head.
    fn events(&self) -> BufReader<TcpStream> {
        let mut stream = TcpStream::connect(("127.0.0.1", self.port)).expect("connect");
        stream.set_read_timeout(Some(WAIT)).unwrap();
        write!(
            stream,
            "GET /__annalist/events HTTP/1.1\r\nHost: {}\r\nOrigin: http://{}\r\n\r\n",
            self.host(),
            self.host()
        )
        .unwrap();
        let mut reader = BufReader::new(stream);
        let mut line = String::new();
        reader.read_line(&mut line).unwrap();
        assert!(line.starts_with("HTTP/1.1 200"), "{line}");
        while line != "\r\n" {
            line.clear();
            reader.read_line(&mut line).unwrap();
        }
        reader
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Reads server-sent events until one whose data contains `needle`; returns its data.
fn wait_for(events: &mut BufReader<TcpStream>, needle: &str) -> String {
    let deadline = Instant::now() + WAIT;
    let mut line = String::new();
    while Instant::now() < deadline {
        line.clear();
        match events.read_line(&mut line) {
            Ok(0) => panic!("the event stream closed"),
            Ok(_) if line.starts_with("data: ") && line.contains(needle) => return line,
            Ok(_) => {}
            Err(err) => panic!("no event with {needle:?}: {err}"),
        }
    }
    panic!("no event with {needle:?} within {WAIT:?}");
}

/// Waits (for reload messages, not for time) until `done` holds.
fn reload_until(events: &mut BufReader<TcpStream>, mut done: impl FnMut() -> bool) {
    let deadline = Instant::now() + WAIT;
    while !done() {
        assert!(
            Instant::now() < deadline,
            "the change did not show within {WAIT:?}"
        );
        wait_for(events, "\"reload\"");
    }
}

fn body_text(response: &(u16, String, Vec<u8>)) -> String {
    String::from_utf8_lossy(&response.2).into_owned()
}

fn article(title: &str, id: &str, date: &str) -> String {
    format!("---\ntitle: {title}\nevents:\n  - {{id: {id}, title: {title}, date: '{date}'}}\n---\nText of {title}.\n")
}

/// The served files (pages without the live-reload tag) differ from what a full build writes:
/// the first difference, if any.
fn difference(
    server: &Server,
    built: &std::collections::BTreeMap<String, Vec<u8>>,
) -> Option<String> {
    for (path, bytes) in built {
        let response = server.get(&format!("/{path}"));
        if response.0 != 200 {
            return Some(format!("{path}: status {}", response.0));
        }
        let served = if path.ends_with(".html") {
            let text = body_text(&response);
            text.replace(
                "<script src=\"/__annalist/livereload.js\" defer></script>\n",
                "",
            )
            .into_bytes()
        } else {
            response.2.clone()
        };
        if served != *bytes {
            return Some(format!("{path} differs from a full build"));
        }
    }
    None
}

/// The preview serves what a full build writes, once it has finished the whole-site files
/// (the "ready" message that follows each rebuild).
fn assert_served_equals_build(
    server: &Server,
    site: &Site,
    events: Option<&mut BufReader<TcpStream>>,
    step: &str,
) {
    site.build_to(step, &[]).assert_success();
    let built = read_tree(&site.beside(step));
    match events {
        None => assert_eq!(difference(server, &built), None, "{step}"),
        Some(events) => {
            let deadline = Instant::now() + WAIT;
            while let Some(diff) = difference(server, &built) {
                assert!(Instant::now() < deadline, "{step}: {diff}");
                wait_for(events, "\"ready\"");
            }
        }
    }
}

#[test]
fn edits_reload_open_pages_and_serve_what_a_build_writes() {
    let site = Site::inline(&[
        ("content/a.md", &article("Alpha", "alpha", "2000")),
        ("content/b.md", &article("Beta", "beta", "2024-06")),
        ("public/index.html", "my last deploy"),
    ]);
    let server = Server::start(&site, &[]);
    let page = body_text(&server.get("/a/index.html"));
    assert!(page.contains("Text of Alpha."));
    assert!(
        page.contains("/__annalist/livereload.js"),
        "the preview injects its client"
    );
    assert_served_equals_build(&server, &site, None, "first");

    let mut events = server.events();
    site.write(
        "content/a.md",
        article("Alpha two", "alpha", "2001").as_bytes(),
    );
    reload_until(&mut events, || {
        body_text(&server.get("/a/index.html")).contains("Text of Alpha two.")
    });
    site.write("content/c.md", article("Gamma", "gamma", "1999").as_bytes());
    reload_until(&mut events, || server.get("/c/index.html").0 == 200);
    std::fs::rename(site.path("content/b.md"), site.path("content/d.md")).unwrap();
    reload_until(&mut events, || {
        server.get("/b/index.html").0 == 404 && server.get("/d/index.html").0 == 200
    });
    assert_served_equals_build(&server, &site, Some(&mut events), "edited");
    assert_eq!(
        std::fs::read_to_string(site.path("public/index.html")).unwrap(),
        "my last deploy",
        "the preview never writes public/"
    );
}

/// The preview serves the search index (`search/`) and makes it again after an edit: the new
/// title's word is in its shard, the old one's is gone.
#[test]
fn the_previews_search_index_follows_an_edit() {
    let site = Site::inline(&[
        ("content/a.md", &article("Alpha", "alpha", "2000")),
        ("content/b.md", &article("Beta", "beta", "2024-06")),
    ]);
    let server = Server::start(&site, &[]);
    let shard = |key: &str| body_text(&server.get(&format!("/search/t/{key}.json")));
    assert_eq!(server.get("/search/manifest.json").0, 200);
    assert!(shard("al").contains("\"alpha\""), "{}", shard("al"));
    let mut events = server.events();
    site.write(
        "content/a.md",
        article("Zanzibar", "alpha", "2000").as_bytes(),
    );
    let deadline = Instant::now() + WAIT;
    while !shard("za").contains("\"zanzibar\"") {
        assert!(
            Instant::now() < deadline,
            "the new title is not in the index"
        );
        wait_for(&mut events, "\"ready\"");
    }
    assert!(
        !shard("al").contains("\"alpha\""),
        "the old title stays: {}",
        shard("al")
    );
    assert!(shard("be").contains("\"beta\""));
}

#[test]
fn a_broken_edit_shows_the_error_and_keeps_the_last_good_site() {
    let site = Site::inline(&[("content/a.md", &article("Alpha", "alpha", "2000"))]);
    let server = Server::start(&site, &[]);
    let mut events = server.events();
    site.write(
        "content/a.md",
        b"---\ntitle: <b>Alpha</b>\nevents:\n  - {id: alpha, title: A, date: '2024-02-30'}\n---\n",
    );
    let message = wait_for(&mut events, "2024-02-30");
    assert!(message.contains("a.md:4"), "file and line: {message}");
    assert!(message.contains("2024-02-30"), "{message}");
    assert!(body_text(&server.get("/a/index.html")).contains("Text of Alpha."));
    // A page opened while the site is broken gets the error first thing.
    let mut late = server.events();
    wait_for(&mut late, "2024-02-30");
    site.write(
        "content/a.md",
        article("Alpha fixed", "alpha", "2000").as_bytes(),
    );
    reload_until(&mut events, || {
        body_text(&server.get("/a/index.html")).contains("Text of Alpha fixed.")
    });
}

#[test]
fn a_stylesheet_change_reloads_only_the_css() {
    let site = Site::inline(&[
        ("content/a.md", &article("Alpha", "alpha", "2000")),
        ("static/site.css", "body { color: red }"),
    ]);
    let server = Server::start(&site, &[]);
    let mut events = server.events();
    site.write("static/site.css", b"body { color: blue }");
    let message = wait_for(&mut events, "\"type\"");
    assert!(message.contains("\"css\""), "{message}");
    assert_eq!(body_text(&server.get("/site.css")), "body { color: blue }");
}

#[test]
fn only_the_sites_own_files_can_be_read() {
    let site = Site::inline(&[("content/a.md", &article("Alpha", "alpha", "2000"))]);
    std::fs::write(site.beside("secret.txt"), "TOP SECRET").unwrap();
    #[cfg(unix)]
    std::os::unix::fs::symlink(site.beside("secret.txt"), site.path("static/leak.txt"))
        .or_else(|_| {
            std::fs::create_dir_all(site.path("static"))?;
            std::os::unix::fs::symlink(site.beside("secret.txt"), site.path("static/leak.txt"))
        })
        .unwrap();
    let server = Server::start(&site, &[]);
    for path in [
        "/../secret.txt",
        "/%2e%2e/secret.txt",
        "/%2E%2E%2Fsecret.txt",
        "/..%2fsecret.txt",
        "/a/..%5c..%5csecret.txt",
        "/..\\secret.txt",
        "//etc/passwd",
        "/%2Fetc%2Fpasswd",
        "/a%00.html",
        "/%ff%fe",
        "/leak.txt",
        "/static/leak.txt",
        "/../site/content/a.md",
        "/content/a.md",
    ] {
        let (status, _, body) = server.get(path);
        assert!(status == 400 || status == 404, "{path}: {status}");
        assert!(
            !String::from_utf8_lossy(&body).contains("TOP SECRET"),
            "{path}"
        );
    }
    let (status, head, _) = server.request(&format!(
        "POST / HTTP/1.1\r\nHost: {}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
        server.host()
    ));
    assert_eq!(status, 405);
    assert!(
        head.to_ascii_lowercase().contains("allow: get, head"),
        "{head}"
    );
    let (status, _, body) = server.request(&format!(
        "HEAD /index.html HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n\r\n",
        server.host()
    ));
    assert_eq!((status, body.len()), (200, 0));
    let (_, head, _) = server.get("/index.html");
    assert!(
        !head
            .to_ascii_lowercase()
            .contains("access-control-allow-origin"),
        "{head}"
    );
}

#[test]
fn the_live_reload_stream_refuses_other_hosts_and_origins() {
    let site = Site::inline(&[("content/a.md", &article("Alpha", "alpha", "2000"))]);
    let server = Server::start(&site, &[]);
    let rebinding = server.request(&format!(
        "GET /__annalist/events HTTP/1.1\r\nHost: attacker.example:{}\r\nConnection: close\r\n\r\n",
        server.port
    ));
    assert_eq!(rebinding.0, 403);
    let cross = server.request(&format!(
        "GET /__annalist/events HTTP/1.1\r\nHost: {}\r\nOrigin: https://attacker.example\r\nConnection: close\r\n\r\n",
        server.host()
    ));
    assert_eq!(cross.0, 403);
}

#[test]
fn a_taken_port_moves_to_the_next_free_one() {
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port();
    let site = Site::inline(&[("content/a.md", &article("Alpha", "alpha", "2000"))]);
    let mut child = Command::new(env!("CARGO_BIN_EXE_annalist"))
        .arg("serve")
        .arg(site.dir())
        .args(["--port", &port.to_string()])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let _ = child.kill();
    let _ = child.wait();
    assert!(line.contains("http://127.0.0.1:"), "{line}");
    assert!(!line.contains(&format!(":{port}/")), "{line}");
}

#[cfg(unix)]
#[test]
fn ctrl_c_stops_it_cleanly() {
    let site = Site::inline(&[("content/a.md", &article("Alpha", "alpha", "2000"))]);
    let mut server = Server::start(&site, &[]);
    assert_eq!(server.get("/").0, 200);
    let status = Command::new("kill")
        .args(["-INT", &server.child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    let deadline = Instant::now() + WAIT;
    let code = loop {
        if let Some(code) = server.child.try_wait().unwrap() {
            break code;
        }
        assert!(Instant::now() < deadline, "serve did not stop on SIGINT");
        std::thread::yield_now();
    };
    assert!(code.success(), "{code:?}");
    let _ = server.stderr.try_recv();
}

#[test]
fn a_templates_folder_created_later_is_watched() {
    let site = Site::inline(&[("content/a.md", &article("Alpha", "alpha", "2000"))]);
    let server = Server::start(&site, &[]);
    let mut events = server.events();
    // The folder arrives whole (as a checkout or a move would bring it).
    site.write(
        "incoming/partials/date.html",
        b"<b>MARK-ONE {{ date.text }}</b>",
    );
    std::fs::rename(site.path("incoming"), site.path("templates")).unwrap();
    reload_until(&mut events, || {
        body_text(&server.get("/index.html")).contains("MARK-ONE")
    });
    // An edit inside it is seen: the new folder is watched.
    site.write(
        "templates/partials/date.html",
        b"<b>MARK-TWO {{ date.text }}</b>",
    );
    reload_until(&mut events, || {
        body_text(&server.get("/index.html")).contains("MARK-TWO")
    });
}

/// Resident memory of a process, in KiB (Linux `/proc`).
fn rss_kib(pid: u32) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).expect("/proc status");
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.split_whitespace().next())
        .and_then(|n| n.parse().ok())
        .expect("VmRSS")
}

/// Reads one response (head, then `Content-Length` bytes) from a keep-alive connection.
fn read_response(reader: &mut BufReader<TcpStream>) -> u16 {
    let mut line = String::new();
    reader.read_line(&mut line).expect("status line");
    let status = line
        .get(9..12)
        .and_then(|s| s.parse().ok())
        .expect("status");
    let mut length = 0usize;
    loop {
        line.clear();
        reader.read_line(&mut line).expect("header");
        if line == "\r\n" {
            break;
        }
        if let Some(v) = line.to_ascii_lowercase().strip_prefix("content-length:") {
            length = v.trim().parse().expect("length");
        }
    }
    let mut body = vec![0; length];
    reader.read_exact(&mut body).expect("body");
    status
}

/// Requests a page on a fresh connection and returns how long the answer took.
fn probe(port: u16) -> Duration {
    let started = Instant::now();
    let mut stream = TcpStream::connect(("127.0.0.1", port)).expect("connect");
    stream.set_read_timeout(Some(WAIT)).unwrap();
    write!(
        stream,
        "GET /a/index.html HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut reader = BufReader::new(stream);
    assert_eq!(
        read_response(&mut reader),
        200,
        "the probe was not answered"
    );
    started.elapsed()
}

/// The preview under load over loopback: 200 clients sending their headers a byte at a time, a
/// burst of 10,000 requests (keep-alive and fresh connections, pages, 404s and refused paths),
/// then more idle connections than it admits. Throughout, other requests are answered within a
/// second or two, memory stays bounded, and the load test stops by itself in a few seconds.
/// (`bash bench/serve-load.sh [SCALE]` runs a longer variant: SCALE × 10,000 requests.)
#[test]
fn the_preview_keeps_answering_under_load_with_bounded_memory() {
    use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
    use std::sync::Arc;

    let site = Site::inline(&[
        ("content/a.md", &article("Alpha", "alpha", "2000")),
        ("content/b.md", &article("Beta", "beta", "2024-06")),
    ]);
    // `ANNALIST_LOAD_SCALE=N` multiplies the burst (bench/serve-load.sh runs it longer).
    let scale: usize = std::env::var("ANNALIST_LOAD_SCALE")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1);
    let server = Server::start(&site, &[]);
    let port = server.port;
    let pid = server.child.id();
    probe(port);
    let started = Instant::now();
    let baseline = rss_kib(pid);
    let peak = Arc::new(AtomicU64::new(baseline));
    let slowest_probe = Arc::new(AtomicU64::new(0));
    let done = Arc::new(AtomicBool::new(false));
    // One thread probes and samples memory all along.
    let watcher = {
        let (peak, slowest, done) = (
            Arc::clone(&peak),
            Arc::clone(&slowest_probe),
            Arc::clone(&done),
        );
        std::thread::spawn(move || {
            while !done.load(Ordering::Relaxed) {
                let took = probe(port).as_millis() as u64;
                slowest.fetch_max(took, Ordering::Relaxed);
                peak.fetch_max(rss_kib(pid), Ordering::Relaxed);
                std::thread::sleep(Duration::from_millis(20));
            }
        })
    };

    // 1. 200 slow clients, each sending its request one byte at a time.
    let request = format!(
        "GET /b/index.html HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n"
    );
    let mut slow: Vec<TcpStream> = (0..200)
        .map(|_| {
            let s = TcpStream::connect(("127.0.0.1", port)).expect("connect slow client");
            s.set_nodelay(true).unwrap();
            s.set_read_timeout(Some(WAIT)).unwrap();
            s
        })
        .collect();
    for byte in request.as_bytes() {
        for s in &mut slow {
            s.write_all(std::slice::from_ref(byte)).expect("slow write");
        }
        std::thread::sleep(Duration::from_millis(3));
    }
    for s in slow {
        assert_eq!(
            read_response(&mut BufReader::new(s)),
            200,
            "a slow client was not answered"
        );
    }
    eprintln!(
        "load: slow clients done after {} ms",
        started.elapsed().as_millis()
    );

    // 2. A burst of 10,000 requests from 10 threads: 8 on keep-alive connections, 2 opening a
    //    connection per request.
    let paths = [
        "/",
        "/a/index.html",
        "/robots.txt",
        "/no-such-page",
        "/%2e%2e/etc/passwd",
    ];
    let expected = [200, 200, 200, 404, 400];
    let workers: Vec<_> = (0..10)
        .map(|w| {
            std::thread::spawn(move || {
                let keep_alive = w < 8;
                let mut reader: Option<BufReader<TcpStream>> = None;
                for i in 0..1000 * scale {
                    let k = (i + w) % paths.len();
                    if reader.is_none() || !keep_alive {
                        let s = TcpStream::connect(("127.0.0.1", port)).expect("connect");
                        s.set_read_timeout(Some(WAIT)).unwrap();
                        reader = Some(BufReader::new(s));
                    }
                    let r = reader.as_mut().expect("connection");
                    let close = if keep_alive { "keep-alive" } else { "close" };
                    // One write per request (and no Nagle delay): `write!` would send pieces.
                    r.get_mut().set_nodelay(true).expect("nodelay");
                    let request = format!(
                        "GET {} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: {close}\r\n\r\n",
                        paths[k]
                    );
                    r.get_mut().write_all(request.as_bytes()).expect("write");
                    assert_eq!(read_response(r), expected[k], "{}", paths[k]);
                }
            })
        })
        .collect();
    for w in workers {
        w.join().expect("a burst worker failed");
    }

    eprintln!(
        "load: burst done after {} ms",
        started.elapsed().as_millis()
    );
    done.store(true, Ordering::Relaxed);
    watcher.join().expect("the probe failed while the load ran");

    // 3. More idle connections than the preview admits (512): the excess is closed at once
    //    (probes may be turned away while every slot is held: that is the bound), and once they
    //    go, the preview answers again straight away.
    let idle: Vec<TcpStream> = (0..600)
        .filter_map(|_| TcpStream::connect(("127.0.0.1", port)).ok())
        .collect();
    std::thread::sleep(Duration::from_millis(300));
    peak.fetch_max(rss_kib(pid), Ordering::Relaxed);
    drop(idle);
    std::thread::sleep(Duration::from_millis(100));
    assert!(
        probe(port) < Duration::from_secs(2),
        "no quick answer after the idle flood"
    );
    eprintln!("load: finished after {} ms", started.elapsed().as_millis());

    let slowest = slowest_probe.load(Ordering::Relaxed);
    let grown = peak.load(Ordering::Relaxed).saturating_sub(baseline);
    eprintln!("load: slowest probe {slowest} ms, memory {baseline} KiB + {grown} KiB at peak");
    assert!(slowest < 3000, "a probe waited {slowest} ms under load");
    assert!(grown < 64 * 1024, "memory grew by {grown} KiB under load");
}
