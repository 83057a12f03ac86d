//! `citybrief serve`: the site over HTTP from 127.0.0.1, rebuilt when a CSV
//! file of the dataset changes, the last good build kept when it breaks.

use crate::common::TestResult;
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// Kills the server however the test ends.
struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port")
}

/// A plain HTTP/1.0 GET: (status, body).
fn get(port: u16, path: &str) -> std::io::Result<(u16, String)> {
    let mut stream = TcpStream::connect(("127.0.0.1", port))?;
    stream.set_read_timeout(Some(Duration::from_secs(5)))?;
    write!(stream, "GET {path} HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n")?;
    let mut bytes = Vec::new();
    stream.read_to_end(&mut bytes)?;
    let text = String::from_utf8_lossy(&bytes).into_owned();
    let status = text
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let body = text
        .split_once("\r\n\r\n")
        .map(|(_, b)| b.to_string())
        .unwrap_or_default();
    Ok((status, body))
}

/// Polls until `ok` holds for the page, or fails after `limit`.
fn wait_for(port: u16, path: &str, limit: Duration, ok: impl Fn(u16, &str) -> bool) -> String {
    let start = Instant::now();
    loop {
        if let Ok((status, body)) = get(port, path) {
            if ok(status, &body) {
                return body;
            }
        }
        assert!(
            start.elapsed() < limit,
            "{path} did not reach the expected state within {limit:?}"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
}

fn copy_dir(from: &Path, to: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(to)?;
    for entry in std::fs::read_dir(from)? {
        let entry = entry?;
        let target = to.join(entry.file_name());
        if entry.file_type()?.is_dir() {
            copy_dir(&entry.path(), &target)?;
        } else {
            std::fs::copy(entry.path(), target)?;
        }
    }
    Ok(())
}

#[test]
fn serve_rebuilds_when_a_csv_changes() -> TestResult {
    let dir = tempfile::tempdir()?;
    let data = dir.path().join("data");
    copy_dir(&Path::new(env!("CARGO_MANIFEST_DIR")).join("data"), &data)?;
    let port = free_port();
    let child = Command::new(env!("CARGO_BIN_EXE_citybrief"))
        .args(["serve", "--port", &port.to_string(), "--data"])
        .arg(&data)
        .arg("--out")
        .arg(dir.path().join("site"))
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()?;
    let _server = Server(child);

    let index = wait_for(port, "/index.html", Duration::from_secs(60), |s, _| {
        s == 200
    });
    assert!(index.contains("Huai&#39;an") || index.contains("Huai'an"));
    assert!(!index.contains("Huaiyin Test"));
    let (status, _) = get(port, "/2024/zh/brief.html")?;
    assert_eq!(status, 200);
    let (status, _) = get(port, "/../Cargo.toml")?;
    assert_ne!(status, 200);

    // An edit shows up.
    let regions = data.join("regions.csv");
    let text = std::fs::read_to_string(&regions)?;
    assert!(text.contains(",Huai'an,"));
    std::fs::write(&regions, text.replace(",Huai'an,", ",Huaiyin Test,"))?;
    let started = Instant::now();
    wait_for(port, "/index.html", Duration::from_secs(30), |s, b| {
        s == 200 && b.contains("Huaiyin Test")
    });
    eprintln!("the edit showed up after {:?}", started.elapsed());

    // An edit to a note shows up in the page in view (rendered first,
    // from the tables already read), and in the whole site after.
    let (status, _) = get(port, "/2024/en/brief.html")?;
    assert_eq!(status, 200);
    let note = data.join("notes/2024/jiaxing.md");
    std::fs::create_dir_all(note.parent().ok_or("no folder")?)?;
    std::fs::write(&note, "A note written while serving.\n")?;
    wait_for(
        port,
        "/2024/en/brief.html",
        Duration::from_secs(30),
        |s, b| s == 200 && b.contains("A note written while serving."),
    );
    wait_for(
        port,
        "/2024/zh/brief.html",
        Duration::from_secs(30),
        |s, b| s == 200 && b.contains("A note written while serving."),
    );

    // A broken edit keeps the last good build online.
    let indicators = data.join("indicators.csv");
    let mut text = std::fs::read_to_string(&indicators)?;
    text.push_str("jiaxing,2024,broken\n");
    std::fs::write(&indicators, text)?;
    std::thread::sleep(Duration::from_millis(1500));
    let (status, body) = get(port, "/index.html")?;
    assert_eq!(status, 200);
    assert!(body.contains("Huaiyin Test"));

    // Mended, and a note edited since: both show up (the next reading
    // starts again from the last good one).
    let mut text = std::fs::read_to_string(&indicators)?;
    text = text.replace("jiaxing,2024,broken\n", "");
    std::fs::write(&indicators, text)?;
    std::fs::write(&note, "A note after the mend.\n")?;
    wait_for(
        port,
        "/2024/zh/brief.html",
        Duration::from_secs(30),
        |s, b| s == 200 && b.contains("A note after the mend."),
    );
    Ok(())
}
