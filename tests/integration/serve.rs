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
