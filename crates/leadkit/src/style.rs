//! Colour: `--color auto|always|never`, `NO_COLOR` and `CLICOLOR_FORCE` respected, and the
//! styles the output uses. Text is written with ANSI styles and printed through `anstream`,
//! which removes them when the stream is not to be coloured (a pipe, a file, `NO_COLOR`).

use std::ffi::OsString;

use anstyle::{AnsiColor, Style};

/// Reads `--color` from the command line before clap parses it (clap's own errors and help are
/// coloured by the same choice), sets it for every stream, and returns it for clap.
pub fn init_from_args(args: impl IntoIterator<Item = OsString>) -> clap::ColorChoice {
    let mut choice = None;
    let mut args = args.into_iter().skip(1);
    while let Some(arg) = args.next() {
        let Some(arg) = arg.to_str() else { continue };
        if arg == "--" {
            break;
        }
        if arg == "--color" {
            choice = args.next().and_then(|v| v.into_string().ok());
        } else if let Some(value) = arg.strip_prefix("--color=") {
            choice = Some(value.to_owned());
        }
    }
    let (stream, clap) = match choice.as_deref() {
        Some("always") => (anstream::ColorChoice::Always, clap::ColorChoice::Always),
        Some("never") => (anstream::ColorChoice::Never, clap::ColorChoice::Never),
        _ => (anstream::ColorChoice::Auto, clap::ColorChoice::Auto),
    };
    stream.write_global();
    clap
}

fn paint(style: Style, text: &str) -> String {
    format!("{style}{text}{style:#}")
}

/// A good answer (green).
pub fn good(text: &str) -> String {
    paint(AnsiColor::Green.on_default().bold(), text)
}

/// An answer to look at (yellow).
pub fn caution(text: &str) -> String {
    paint(AnsiColor::Yellow.on_default().bold(), text)
}

/// A bad answer or an error (red).
pub fn bad(text: &str) -> String {
    paint(AnsiColor::Red.on_default().bold(), text)
}

/// A heading or a label.
pub fn bold(text: &str) -> String {
    paint(Style::new().bold(), text)
}

/// Secondary text (hints).
pub fn dim(text: &str) -> String {
    paint(Style::new().dimmed(), text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_color_flag_in_both_forms() {
        let args = |list: &[&str]| list.iter().map(OsString::from).collect::<Vec<_>>();
        assert_eq!(
            init_from_args(args(&["leadkit", "--color", "never", "demo"])),
            clap::ColorChoice::Never
        );
        assert_eq!(
            init_from_args(args(&["leadkit", "demo", "--color=always"])),
            clap::ColorChoice::Always
        );
        assert_eq!(
            init_from_args(args(&["leadkit", "--", "--color=always"])),
            clap::ColorChoice::Auto
        );
    }

    #[test]
    fn styles_wrap_the_text() {
        let text = bad("x");
        assert!(text.starts_with("\x1b["));
        assert!(text.contains('x'));
        assert!(text.ends_with("\x1b[0m"));
    }
}
