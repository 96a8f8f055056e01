//! The progress line on a real terminal: `leadkit -v bureau run` inside tmux, 80 columns wide,
//! against the mock. Skipped, with a note, where tmux is not installed.

mod common;

use std::process::{Command, Stdio};
use std::thread::sleep;
use std::time::{Duration, Instant};

use common::{TempFile, env, server};

/// A private tmux server (its own socket, no configuration file), killed on drop.
struct Tmux {
    socket: String,
}

impl Tmux {
    fn available() -> bool {
        Command::new("tmux")
            .arg("-V")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|status| status.success())
    }

    fn run(&self, args: &[&str]) -> String {
        let output = Command::new("tmux")
            .args(["-f", "/dev/null", "-L", &self.socket])
            .args(args)
            .stdin(Stdio::null())
            .output()
            .expect("tmux runs");
        assert!(
            output.status.success(),
            "tmux {args:?}: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        String::from_utf8_lossy(&output.stdout).into_owned()
    }

    /// The pane's text, wrapped lines joined (a log line glued to the progress line would
    /// show as one line), with the scrollback when `history` is set.
    fn capture(&self, history: bool) -> String {
        let mut args = vec!["capture-pane", "-p", "-J", "-t", "leadkit"];
        if history {
            args.extend(["-S", "-"]);
        }
        self.run(&args)
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = Command::new("tmux")
            .args(["-L", &self.socket, "kill-server"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status();
    }
}

/// Single-quoted for the shell.
fn quoted(value: &str) -> String {
    format!("'{}'", value.replace('\'', r"'\''"))
}

/// Log lines and the progress line never share a line; after the command the progress line is
/// gone, from the screen and from the scrollback.
fn check_lines(pane: &str) {
    for line in pane.lines() {
        assert!(
            !(line.contains("of at most") && line.contains("DEBUG")),
            "a log line glued to the progress line: {line:?}\n{pane}"
        );
        if line.contains("DEBUG") {
            assert!(
                line.starts_with("20"),
                "a log line that does not start its line: {line:?}\n{pane}"
            );
        }
    }
}

#[test]
fn the_progress_line_stays_below_the_logs_and_goes_away() {
    if !Tmux::available() {
        println!("note: tmux is not installed: the terminal test is skipped");
        return;
    }
    let server = server();
    let mut script = String::new();
    for (key, value) in env() {
        script.push_str(&format!("export {key}={}\n", quoted(&value)));
    }
    // `await6@`: six AWAITING answers, then the final one. Polls at 0, 0.2, 0.6, 1.4, 2.2, 3.0
    // and 3.8 s: the line shows from 1 s on.
    script.push_str(&format!(
        "{} -v bureau --base-url {} run --phone 919812345678 --email await6@example.com \
         --name 'Asha Verma' --first-poll 0 --poll-interval 0.2 --max-wait 10\n\
         echo \"[exit $?]\"\nsleep 60\n",
        quoted(env!("CARGO_BIN_EXE_leadkit")),
        quoted(&server.bureau_url()),
    ));
    let script = TempFile::new("terminal.sh", &script);
    let tmux = Tmux {
        socket: format!("leadkit-test-{}", std::process::id()),
    };
    tmux.run(&[
        "new-session",
        "-d",
        "-x",
        "80",
        "-y",
        "40",
        "-s",
        "leadkit",
        "sh",
        script.path(),
    ]);

    let give_up = Instant::now() + Duration::from_secs(20);
    let mut during = Vec::new();
    let after = loop {
        let pane = tmux.capture(false);
        if pane.contains("[exit ") {
            break tmux.capture(true);
        }
        assert!(
            Instant::now() < give_up,
            "leadkit did not finish in 20 s:\n{pane}"
        );
        if pane.contains("of at most") {
            during.push(pane);
        }
        sleep(Duration::from_millis(150));
    };

    assert!(after.contains("[exit 0]"), "leadkit failed:\n{after}");
    assert!(after.contains("ACCEPTED"), "{after}");
    assert!(
        !during.is_empty(),
        "the progress line never showed:\n{after}"
    );
    for pane in &during {
        let last = pane
            .lines()
            .rfind(|line| !line.trim().is_empty())
            .unwrap_or_default();
        assert!(
            last.contains("Bureau: poll") && last.contains("of at most 10"),
            "the progress line is the last line while polling: {last:?}\n{pane}"
        );
        assert!(last.contains("s of 10s"), "time and deadline: {last:?}");
        check_lines(pane);
    }
    check_lines(&after);
    assert!(
        !after.contains("of at most"),
        "the progress line is left on the terminal:\n{after}"
    );
    assert!(after.contains("DEBUG"), "-v logs:\n{after}");
}
