//! `annalist serve`: the site built in memory, served over loopback, rebuilt incrementally when
//! its files change, with live reload in every open page. It never writes to the site's
//! `public/` or anywhere else.
//!
//! Threads: the tokio runtime answers HTTP ([`http`]); one plain thread owns the [`Site`] and
//! rebuilds it on each burst of file events from the watcher ([`watch`]), then publishes the new
//! files and tells the pages (server-sent events).

pub mod http;
pub mod watch;

use std::net::{IpAddr, SocketAddr, TcpListener};
use std::path::{Path, PathBuf};
use std::sync::{mpsc, Arc, RwLock};
use std::time::{Duration, Instant};

use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper_util::rt::{TokioIo, TokioTimer};
use tokio::sync::{broadcast, Semaphore};

use crate::error::{Code, Diagnostic, Error};
use crate::site::{Dirty, Drafts, RenderOptions, Site};
use crate::source::StaticEntry;

use self::http::{Files, Shared};
use self::watch::Layout;

/// A slow client gets this long to send its request headers (also between keep-alive requests).
pub const HEADER_TIMEOUT: Duration = Duration::from_secs(10);
/// No connection lives longer (an open page's event stream reconnects by itself).
pub const MAX_CONNECTION_TIME: Duration = Duration::from_secs(300);
/// Connections over this many are closed at once, so a greedy client cannot exhaust memory.
pub const MAX_CONNECTIONS: usize = 512;
/// How many ports after the asked one are tried when it is taken.
const PORT_TRIES: u16 = 20;

#[derive(Debug, Clone)]
pub struct ServeOptions {
    pub site: PathBuf,
    /// 0 picks any free port.
    pub port: u16,
    pub bind: IpAddr,
    pub open: bool,
    pub drafts: Drafts,
}

/// Builds, serves and watches until Ctrl-C.
pub fn serve(opts: &ServeOptions) -> Result<(), Error> {
    if !opts.site.is_dir() {
        return Err(Error::Usage(format!(
            "{} is not a folder; expected a site folder holding content/",
            opts.site.display()
        )));
    }
    let layout = Layout::new(&opts.site)?;
    let mut site = Site::for_preview(
        &opts.site,
        RenderOptions {
            drafts: opts.drafts,
            base_url: None,
        },
    );
    let started = Instant::now();
    let statics = read_statics(&layout.statics);
    let error = match site.update(&Dirty::all()) {
        Ok(_) => {
            site.render_whole_site();
            report_warnings(&site, &statics.1);
            eprintln!(
                "built {} pages in {} ms",
                site.pages().len(),
                started.elapsed().as_millis()
            );
            None
        }
        Err(err) => Some(report_failure(&err)),
    };
    let listener = bind(opts.bind, opts.port)?;
    let addr = listener
        .local_addr()
        .map_err(|err| Error::io(Path::new("."), err))?;
    if !addr.ip().is_loopback() {
        eprintln!(
            "warning: serving on {addr}, which is not a loopback address: other machines can read this preview"
        );
    }
    let shared = Arc::new(Shared {
        files: RwLock::new(Arc::new(merge(site.pages(), &statics.0))),
        error: RwLock::new(error),
        events: broadcast::channel(64).0,
        hosts: allowed_hosts(addr),
    });
    let url = format!("http://{}/", display_addr(addr));
    let (watcher, events) = watch::watch(&layout)?;
    // Printed once everything is watched: from here on, every change is seen.
    println!("Serving {} at {url} (Ctrl-C to stop)", opts.site.display());
    let rebuild_shared = Arc::clone(&shared);
    let watcher = Arc::new(std::sync::Mutex::new(watcher));
    let rebuild_watcher = Arc::clone(&watcher);
    std::thread::spawn(move || {
        rebuild_loop(
            site,
            statics.0,
            layout,
            events,
            rebuild_shared,
            rebuild_watcher,
        )
    });
    if opts.open {
        open_browser(&url);
    }
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|err| Error::io(Path::new("."), err))?;
    let result = runtime.block_on(accept_loop(listener, shared));
    runtime.shutdown_timeout(Duration::from_secs(1));
    drop(watcher);
    result.map_err(|err| Error::io(Path::new("."), err))?;
    println!("stopped");
    Ok(())
}

/// Binds the asked port, or the next free one.
fn bind(ip: IpAddr, port: u16) -> Result<TcpListener, Error> {
    let last = if port == 0 {
        0
    } else {
        port.saturating_add(PORT_TRIES)
    };
    let mut tried = Vec::new();
    for p in port..=last {
        match TcpListener::bind(SocketAddr::new(ip, p)) {
            Ok(l) => {
                if p != port {
                    eprintln!("port {port} is in use; using {p}");
                }
                return Ok(l);
            }
            Err(err) if err.kind() == std::io::ErrorKind::AddrInUse => tried.push(p),
            Err(err) => return Err(Error::Usage(format!("cannot listen on {ip}:{p}: {err}"))),
        }
    }
    Err(Error::Usage(format!(
        "ports {port} to {last} on {ip} are all in use; choose another with --port"
    )))
}

fn display_addr(addr: SocketAddr) -> String {
    match addr.ip() {
        IpAddr::V4(ip) if ip.is_unspecified() => format!("127.0.0.1:{}", addr.port()),
        _ => addr.to_string(),
    }
}

/// The `Host` values a page of this preview sends.
fn allowed_hosts(addr: SocketAddr) -> Vec<String> {
    let port = addr.port();
    let mut hosts = vec![
        format!("127.0.0.1:{port}"),
        format!("localhost:{port}"),
        format!("[::1]:{port}"),
    ];
    if !addr.ip().is_unspecified() && !hosts.contains(&addr.to_string()) {
        hosts.push(addr.to_string());
    }
    hosts
}

async fn accept_loop(listener: TcpListener, shared: Arc<Shared>) -> std::io::Result<()> {
    listener.set_nonblocking(true)?;
    let listener = tokio::net::TcpListener::from_std(listener)?;
    let slots = Arc::new(Semaphore::new(MAX_CONNECTIONS));
    let stop = tokio::signal::ctrl_c();
    tokio::pin!(stop);
    loop {
        tokio::select! {
            _ = &mut stop => return Ok(()),
            accepted = listener.accept() => {
                let Ok((stream, _)) = accepted else { continue };
                let Ok(permit) = Arc::clone(&slots).try_acquire_owned() else {
                    drop(stream);
                    continue;
                };
                let shared = Arc::clone(&shared);
                tokio::spawn(async move {
                    let service = service_fn(move |req| http::handle(req, Arc::clone(&shared)));
                    let connection = http1::Builder::new()
                        .timer(TokioTimer::new())
                        .header_read_timeout(HEADER_TIMEOUT)
                        .max_buf_size(64 * 1024)
                        .serve_connection(TokioIo::new(stream), service);
                    let _ = tokio::time::timeout(MAX_CONNECTION_TIME, connection).await;
                    drop(permit);
                });
            }
        }
    }
}

/// Owns the site: waits for file events, rebuilds, publishes, tells the pages.
fn rebuild_loop(
    mut site: Site,
    mut statics: Files,
    layout: Layout,
    events: mpsc::Receiver<Vec<PathBuf>>,
    shared: Arc<Shared>,
    watcher: Arc<std::sync::Mutex<watch::WatcherHandle>>,
) {
    let mut watched: std::collections::HashSet<PathBuf> =
        [&layout.content, &layout.templates, &layout.statics]
            .into_iter()
            .filter(|d| d.is_dir())
            .cloned()
            .collect();
    while let Ok(mut paths) = events.recv() {
        while let Ok(more) = events.try_recv() {
            paths.extend(more);
        }
        let change = layout.classify(paths.iter().map(PathBuf::as_path));
        if change.is_empty() {
            continue;
        }
        // templates/ or static/ created after the preview started: watch it from now on.
        if let Ok(mut w) = watcher.lock() {
            watch::watch_new_folders(&mut w, &layout, &mut watched);
        }
        let started = Instant::now();
        if change.statics {
            statics = read_statics(&layout.statics).0;
        }
        let rebuilt = if change.dirty == Dirty::default() {
            Ok(None)
        } else {
            site.update(&change.dirty).map(Some)
        };
        match rebuilt {
            Ok(update) => {
                publish(&shared, &site, &statics);
                let was_broken = shared
                    .error
                    .write()
                    .map(|mut e| e.take().is_some())
                    .unwrap_or(false);
                let kind = if change.css_only && update.is_none() && !was_broken {
                    "css"
                } else {
                    "reload"
                };
                let _ = shared
                    .events
                    .send(serde_json::json!({ "type": kind }).to_string());
                let pages = update.map_or(0, |u| u.rendered.len());
                let shown = started.elapsed();
                // Then the files made from the whole timeline (events.json, feeds, calendar),
                // which no open page is waiting for.
                if !site.render_whole_site().is_empty() {
                    publish(&shared, &site, &statics);
                }
                let _ = shared.events.send(r#"{"type":"ready"}"#.to_string());
                eprintln!(
                    "rebuilt in {} ms ({} ms with the feeds and calendar): {pages} page{} rendered",
                    shown.as_millis(),
                    started.elapsed().as_millis(),
                    crate::error::plural(pages)
                );
            }
            Err(err) => {
                let text = report_failure(&err);
                let message = http::error_message(&text);
                // Stored before it is sent: a page that hears of it and opens another stream
                // (a reload) gets it again.
                if let Ok(mut e) = shared.error.write() {
                    *e = Some(text);
                }
                let _ = shared.events.send(message);
            }
        }
    }
}

/// Makes the site's current files (with `static/` laid over them) the ones served.
fn publish(shared: &Shared, site: &Site, statics: &Files) {
    if let Ok(mut files) = shared.files.write() {
        *files = Arc::new(merge(site.pages(), statics));
    }
}

/// Prints a failed build and returns its text for the pages' overlay.
fn report_failure(err: &Error) -> String {
    let text = err.to_string();
    eprintln!("{text}");
    eprintln!("(serving the last good version; fix the file and it rebuilds by itself)");
    text
}

fn report_warnings(site: &Site, static_warnings: &[Diagnostic]) {
    for w in site.warnings().iter().chain(static_warnings) {
        eprintln!("{}", w.display());
    }
}

/// The generated pages with the site's static files laid over them, as `build` writes them.
fn merge(pages: &Files, statics: &Files) -> Files {
    let mut all = pages.clone();
    all.extend(statics.iter().map(|(k, v)| (k.clone(), Arc::clone(v))));
    all
}

/// Reads `static/` into memory, the files `build` would copy.
fn read_statics(dir: &Path) -> (Files, Vec<Diagnostic>) {
    let mut files = Files::new();
    let (entries, mut warnings) = match crate::source::list_static(dir) {
        Ok(listed) => listed,
        Err(err) => {
            return (
                files,
                vec![Diagnostic::error(
                    Code::Unreadable,
                    dir,
                    None,
                    err.to_string(),
                )],
            )
        }
    };
    for entry in entries {
        if let StaticEntry::File { rel_path, path } = entry {
            match std::fs::read(&path) {
                Ok(bytes) => {
                    files.insert(rel_path, Arc::new(bytes));
                }
                Err(err) => warnings.push(Diagnostic::warning(
                    Code::Unreadable,
                    &path,
                    None,
                    format!("cannot read: {err}"),
                )),
            }
        }
    }
    (files, warnings)
}

fn open_browser(url: &str) {
    let program = if cfg!(target_os = "macos") {
        "open"
    } else {
        "xdg-open"
    };
    if let Err(err) = std::process::Command::new(program)
        .arg(url)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
    {
        eprintln!("warning: could not open a browser ({program}: {err}); open {url} yourself");
    }
}
