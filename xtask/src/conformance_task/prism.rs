//! Prism, the spec-validating mock server: installed from the pinned `package.json` and
//! lockfile of `xtask/conformance/` with `npm ci` on first use, started on a free loopback
//! port in a process group of its own, and stopped (the whole group) when its guard drops, or
//! when the command is interrupted (SIGINT, SIGTERM).

use std::fs;
use std::io::{BufRead, BufReader, Read};
use std::net::{TcpListener, TcpStream};
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicI32, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use crate::codegen_task::workspace_root;

/// The folder with the pinned `package.json` and `package-lock.json`; `node_modules/` is
/// installed there (ignored by git).
pub fn folder() -> PathBuf {
    workspace_root().join("xtask/conformance")
}

/// Installs Prism with `npm ci` unless the installed copy matches the lockfile. An error is
/// a message for the user: Node or npm missing, or the installation failing.
pub fn install() -> Result<PathBuf, String> {
    let folder = folder();
    let bin = folder.join("node_modules/.bin/prism");
    let lock = folder.join("package-lock.json");
    // npm writes its view of the installed tree here; the same as the lockfile's means done.
    let installed = folder.join("node_modules/.package-lock.json");
    let fresh = match (fs::metadata(&lock), fs::metadata(&installed)) {
        (Ok(lock), Ok(installed)) => match (lock.modified(), installed.modified()) {
            (Ok(lock), Ok(installed)) => installed >= lock,
            _ => false,
        },
        _ => false,
    };
    if fresh && bin.exists() {
        return Ok(bin);
    }
    for tool in ["node", "npm"] {
        let found = Command::new(tool)
            .arg("--version")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success());
        if !found {
            return Err(format!(
                "`{tool}` is not installed or not on PATH: the conformance run needs Node.js and \
                 npm to install and run Prism (@stoplight/prism-cli)"
            ));
        }
    }
    eprintln!("installing Prism with `npm ci` in {}", folder.display());
    let output = Command::new("npm")
        .args(["ci", "--no-audit", "--no-fund", "--ignore-scripts"])
        .current_dir(&folder)
        .stdin(Stdio::null())
        .output()
        .map_err(|e| format!("cannot run npm: {e}"))?;
    if !output.status.success() || !bin.exists() {
        return Err(format!(
            "`npm ci` failed in {}:\n{}",
            folder.display(),
            String::from_utf8_lossy(&output.stderr).trim()
        ));
    }
    Ok(bin)
}

/// The process group of the running server, for the signal handler; 0 when none runs.
static GROUP: AtomicI32 = AtomicI32::new(0);

extern "C" fn on_signal(signal: libc::c_int) {
    let group = GROUP.load(Ordering::SeqCst);
    // SAFETY: `kill` and `_exit` are async-signal-safe.
    unsafe {
        if group > 0 {
            libc::kill(-group, libc::SIGTERM);
        }
        libc::_exit(128 + signal);
    }
}

/// A running Prism; dropping it stops its process group.
pub struct Prism {
    child: Child,
    pub port: u16,
    /// What Prism printed, kept for the reasons of its failures.
    log: Arc<Mutex<String>>,
}

impl Prism {
    /// Starts `prism mock` on `spec` with dynamic responses, on a free loopback port, and
    /// waits until it listens.
    pub fn start(bin: &Path, spec: &Path) -> Result<Self, String> {
        install_signal_handlers();
        let port = free_port()?;
        let mut child = Command::new(bin)
            .args(["mock", "--dynamic", "--host", "127.0.0.1", "--port"])
            .arg(port.to_string())
            .args(["--seed", "conformance", "--verboseLevel", "warn"])
            .arg(spec)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .process_group(0)
            .spawn()
            .map_err(|e| format!("cannot start Prism: {e}"))?;
        GROUP.store(child.id() as i32, Ordering::SeqCst);
        let log = Arc::new(Mutex::new(String::new()));
        for stream in [
            child
                .stdout
                .take()
                .map(|s| Box::new(s) as Box<dyn Read + Send>),
            child
                .stderr
                .take()
                .map(|s| Box::new(s) as Box<dyn Read + Send>),
        ]
        .into_iter()
        .flatten()
        {
            let log = Arc::clone(&log);
            std::thread::spawn(move || {
                for line in BufReader::new(stream).lines().map_while(Result::ok) {
                    if let Ok(mut log) = log.lock() {
                        log.push_str(&line);
                        log.push('\n');
                    }
                }
            });
        }
        let mut prism = Self { child, port, log };
        let started = Instant::now();
        while started.elapsed() < Duration::from_secs(120) {
            if TcpStream::connect(("127.0.0.1", port)).is_ok() {
                return Ok(prism);
            }
            if let Ok(Some(status)) = prism.child.try_wait() {
                return Err(format!(
                    "Prism exited ({status}) before listening:\n{}",
                    prism.failure()
                ));
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        Err(format!(
            "Prism did not listen on port {port} within 120 s:\n{}",
            prism.failure()
        ))
    }

    /// Whether the server is still running a second from now: a connection it dropped may
    /// be the first sign of its stopping.
    pub fn keeps_running(&mut self) -> bool {
        let deadline = Instant::now() + Duration::from_secs(1);
        loop {
            if !matches!(self.child.try_wait(), Ok(None)) {
                return false;
            }
            if Instant::now() >= deadline {
                return true;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// The end of what Prism printed: the reason it stopped.
    pub fn failure(&self) -> String {
        let log = self.log.lock().map(|l| l.clone()).unwrap_or_default();
        let lines: Vec<&str> = log.lines().collect();
        let start = lines.len().saturating_sub(12);
        lines[start..].join("\n")
    }

    /// The first line of Prism's last error, such as the JavaScript exception that stopped it.
    pub fn crash_reason(&self) -> String {
        // The output threads may still be reading the last lines.
        std::thread::sleep(Duration::from_millis(200));
        let log = self.log.lock().map(|l| l.clone()).unwrap_or_default();
        log.lines()
            .rev()
            .find(|l| {
                let head = l.trim_start().split(':').next().unwrap_or("");
                head.ends_with("Error") && !head.contains(' ')
            })
            .map(|l| l.trim().to_owned())
            .unwrap_or_else(|| "Prism stopped".to_owned())
    }
}

impl Drop for Prism {
    fn drop(&mut self) {
        let group = self.child.id() as i32;
        GROUP.store(0, Ordering::SeqCst);
        // SAFETY: signals the process group this guard started.
        unsafe {
            libc::kill(-group, libc::SIGTERM);
        }
        let deadline = Instant::now() + Duration::from_secs(5);
        while Instant::now() < deadline {
            if let Ok(Some(_)) = self.child.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        // SAFETY: as above.
        unsafe {
            libc::kill(-group, libc::SIGKILL);
        }
        let _ = self.child.wait();
    }
}

fn install_signal_handlers() {
    let handler = on_signal as extern "C" fn(libc::c_int) as libc::sighandler_t;
    // SAFETY: the handler only calls async-signal-safe functions.
    unsafe {
        libc::signal(libc::SIGINT, handler);
        libc::signal(libc::SIGTERM, handler);
        libc::signal(libc::SIGHUP, handler);
    }
}

/// A loopback port nothing listens on: the system's pick, released for Prism to take.
fn free_port() -> Result<u16, String> {
    TcpListener::bind(("127.0.0.1", 0))
        .and_then(|listener| listener.local_addr())
        .map(|addr| addr.port())
        .map_err(|e| format!("cannot find a free loopback port: {e}"))
}
