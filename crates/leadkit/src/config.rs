//! Settings that must not travel as flags: credentials (and, for convenience, base URLs and
//! the Bureau workflow id) from the environment or a `KEY=VALUE` config file.
//!
//! The environment wins over the file. Values are never printed: `--verbose` reports where a
//! setting came from, never what it is.

use std::collections::HashMap;
use std::fmt;
use std::path::{Path, PathBuf};

use jeff_client::SecretString;

use crate::output::Failure;

/// Environment variable naming the config file.
pub const CONFIG_ENV: &str = "LEADKIT_CONFIG";

/// Where a setting came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    /// An environment variable.
    Environment,
    /// The config file.
    File,
}

impl fmt::Display for Source {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Environment => "environment",
            Self::File => "config file",
        })
    }
}

/// The environment and the config file, looked up by key.
pub struct Settings {
    env: HashMap<String, String>,
    file: HashMap<String, String>,
    file_path: Option<PathBuf>,
    verbose: bool,
}

impl Settings {
    /// Reads the process environment and the config file: `explicit` (`--config`), else
    /// `$LEADKIT_CONFIG`, else `~/.config/leadkit/config` (or `$XDG_CONFIG_HOME/leadkit/config`)
    /// when it exists.
    pub fn load(explicit: Option<&Path>, verbose: bool) -> Result<Self, Failure> {
        let env: HashMap<String, String> = std::env::vars()
            .filter(|(key, _)| key.starts_with("LEADKIT_"))
            .collect();
        let (path, required) = match explicit {
            Some(path) => (Some(path.to_path_buf()), true),
            None => match env.get(CONFIG_ENV) {
                Some(path) => (Some(PathBuf::from(path)), true),
                None => (default_path(), false),
            },
        };
        let mut file = HashMap::new();
        let mut file_path = None;
        if let Some(path) = path {
            match std::fs::read_to_string(&path) {
                Ok(text) => {
                    file = parse(&text).map_err(|line| {
                        Failure::config(format!(
                            "config file {}: line {line} is not KEY=VALUE",
                            path.display()
                        ))
                    })?;
                    warn_if_readable_by_others(&path);
                    file_path = Some(path);
                }
                Err(error) if required || error.kind() != std::io::ErrorKind::NotFound => {
                    return Err(Failure::config(format!(
                        "cannot read config file {}: {error}",
                        path.display()
                    )));
                }
                Err(_) => {}
            }
        }
        Ok(Self {
            env,
            file,
            file_path,
            verbose,
        })
    }

    /// Settings from given maps (tests).
    #[cfg(test)]
    pub fn from_maps(env: HashMap<String, String>, file: HashMap<String, String>) -> Self {
        Self {
            env,
            file,
            file_path: None,
            verbose: false,
        }
    }

    /// A setting and its source; empty values count as unset.
    pub fn get(&self, key: &str) -> Option<(&str, Source)> {
        let found = self
            .env
            .get(key)
            .filter(|v| !v.is_empty())
            .map(|v| (v.as_str(), Source::Environment))
            .or_else(|| {
                self.file
                    .get(key)
                    .filter(|v| !v.is_empty())
                    .map(|v| (v.as_str(), Source::File))
            });
        if self.verbose {
            match found {
                Some((_, source)) => eprintln!("leadkit: {key} from the {source}"),
                None => eprintln!("leadkit: {key} not set"),
            }
        }
        found
    }

    /// A plain setting (an id, a URL).
    pub fn value(&self, key: &str) -> Option<String> {
        self.get(key).map(|(value, _)| value.to_owned())
    }

    /// A required setting.
    pub fn required(&self, key: &str) -> Result<String, Failure> {
        self.value(key).ok_or_else(|| self.missing(key))
    }

    /// A required secret.
    pub fn secret(&self, key: &str) -> Result<SecretString, Failure> {
        self.get(key)
            .map(|(value, _)| SecretString::from(value.to_owned()))
            .ok_or_else(|| self.missing(key))
    }

    /// An optional secret.
    pub fn optional_secret(&self, key: &str) -> Option<SecretString> {
        self.get(key)
            .map(|(value, _)| SecretString::from(value.to_owned()))
    }

    fn missing(&self, key: &str) -> Failure {
        let file = match &self.file_path {
            Some(path) => format!("the config file {}", path.display()),
            None => "a config file (--config, $LEADKIT_CONFIG or ~/.config/leadkit/config)".into(),
        };
        Failure::config(format!(
            "{key} is not set: export it, or put {key}=… in {file}"
        ))
    }
}

fn default_path() -> Option<PathBuf> {
    let base = std::env::var_os("XDG_CONFIG_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|home| PathBuf::from(home).join(".config")))?;
    Some(base.join("leadkit").join("config"))
}

/// `KEY=VALUE` lines; blank lines and `#` comments skipped; `export ` prefixes and matching
/// quotes around values accepted. Errors give the line number (never the line: it may hold a
/// secret).
pub fn parse(text: &str) -> Result<HashMap<String, String>, usize> {
    let mut settings = HashMap::new();
    for (index, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let line = line.strip_prefix("export ").unwrap_or(line);
        let Some((key, value)) = line.split_once('=') else {
            return Err(index + 1);
        };
        let key = key.trim();
        if key.is_empty() || !key.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_') {
            return Err(index + 1);
        }
        let value = value.trim();
        let value = ['"', '\'']
            .iter()
            .find_map(|quote| {
                value
                    .strip_prefix(*quote)
                    .and_then(|v| v.strip_suffix(*quote))
            })
            .unwrap_or(value);
        settings.insert(key.to_owned(), value.to_owned());
    }
    Ok(settings)
}

#[cfg(unix)]
fn warn_if_readable_by_others(path: &Path) {
    use std::os::unix::fs::PermissionsExt as _;
    if let Ok(metadata) = std::fs::metadata(path)
        && metadata.permissions().mode() & 0o077 != 0
    {
        eprintln!(
            "leadkit: warning: {} holds credentials and is readable by other users (chmod 600 it)",
            path.display()
        );
    }
}

#[cfg(not(unix))]
fn warn_if_readable_by_others(_path: &Path) {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_key_value_lines() {
        let parsed = parse(
            "# leadkit\n\nLEADKIT_JEFF_USERNAME=partner\nexport LEADKIT_JEFF_PASSWORD=\"p=w\"\n",
        )
        .unwrap();
        assert_eq!(parsed["LEADKIT_JEFF_USERNAME"], "partner");
        assert_eq!(parsed["LEADKIT_JEFF_PASSWORD"], "p=w");
        assert_eq!(parse("ok=1\nno equals sign\n"), Err(2));
    }

    #[test]
    fn environment_wins_over_the_file() {
        let env = HashMap::from([("K".to_owned(), "env".to_owned())]);
        let file = HashMap::from([
            ("K".to_owned(), "file".to_owned()),
            ("F".to_owned(), "file".to_owned()),
        ]);
        let settings = Settings::from_maps(env, file);
        assert_eq!(settings.get("K"), Some(("env", Source::Environment)));
        assert_eq!(settings.get("F"), Some(("file", Source::File)));
        assert!(settings.required("MISSING").is_err());
    }
}
