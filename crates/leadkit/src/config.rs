//! Settings that must not travel as flags: credentials (and, for convenience, base URLs and
//! the Bureau workflow id) from the environment or a `KEY=VALUE` config file.
//!
//! The environment wins over the file. Values are never printed: `--verbose` reports where a
//! setting came from, never what it is, and no error or warning holds a value or the text of a
//! line of the file. The file's syntax is in [`parse`].

mod parse;

use std::collections::HashMap;
use std::fmt;
use std::io::Write as _;
use std::path::{Path, PathBuf};

use jeff_client::SecretString;

use crate::clients;
use crate::output::Failure;

/// Environment variable naming the config file.
pub const CONFIG_ENV: &str = "LEADKIT_CONFIG";

/// Every setting the CLI reads, from the environment or the config file. A key in the file
/// that is not here gets a warning; so does a `LEADKIT_*` environment variable close to one.
pub const KNOWN_KEYS: [&str; 22] = [
    clients::JEFF_USERNAME,
    clients::JEFF_PASSWORD,
    clients::JEFF_BASE_URL,
    clients::JEFF_DATA_BASE_URL,
    clients::JORNAYA_ACCOUNT_CODE,
    clients::JORNAYA_BEARER_TOKEN,
    clients::JORNAYA_BASE_URL,
    clients::FS_CLIENT_ID,
    clients::FS_CLIENT_SECRET,
    clients::FS_BASE_URL,
    clients::BUREAU_CREDENTIAL_ID,
    clients::BUREAU_CREDENTIAL_SECRET,
    clients::BUREAU_BASE_URL,
    clients::BUREAU_WORKFLOW_ID,
    crate::screen::JORNAYA_ENTITY_CODE,
    crate::screen::COLUMN_KEYS[0].0,
    crate::screen::COLUMN_KEYS[1].0,
    crate::screen::COLUMN_KEYS[2].0,
    crate::screen::COLUMN_KEYS[3].0,
    crate::screen::COLUMN_KEYS[4].0,
    crate::screen::COLUMN_KEYS[5].0,
    crate::screen::COLUMN_KEYS[6].0,
];

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
    warnings: Vec<String>,
}

impl Settings {
    /// Reads the process environment and the config file: `explicit` (`--config`), else
    /// `$LEADKIT_CONFIG`, else `~/.config/leadkit/config` (or `$XDG_CONFIG_HOME/leadkit/config`)
    /// when it exists.
    ///
    /// A malformed line of the file is an error naming the line number and the reason. Unknown
    /// and repeated keys, misspelt `LEADKIT_*` variables and a file readable by other users are
    /// [warnings](Self::warnings).
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
        let mut warnings = Vec::new();
        if let Some(path) = path {
            match std::fs::read_to_string(&path) {
                Ok(text) => {
                    let parsed = parse::parse(&text).map_err(|error| {
                        Failure::config(format!("config file {}: {error}", path.display()))
                    })?;
                    warnings.extend(
                        parsed
                            .warnings
                            .iter()
                            .map(|warning| format!("config file {}: {warning}", path.display())),
                    );
                    warnings.extend(readable_by_others(&path));
                    file = parsed.values;
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
        warnings.extend(misspelt_variables(&env));
        Ok(Self {
            env,
            file,
            file_path,
            verbose,
            warnings,
        })
    }

    /// What [`load`](Self::load) found worth a warning, one message each (never a value).
    pub fn warnings(&self) -> &[String] {
        &self.warnings
    }

    /// Prints the warnings on stderr: `leadkit: warning: …`, or with `as_json` one
    /// `{"warning": {"message": …}}` line each.
    pub fn print_warnings(&self, as_json: bool) {
        let mut stderr = std::io::stderr().lock();
        for message in self.warnings() {
            let _ = if as_json {
                let document = serde_json::json!({ "warning": { "message": message } });
                writeln!(stderr, "{document}")
            } else {
                writeln!(stderr, "leadkit: warning: {message}")
            };
        }
    }

    /// Settings from given maps (tests).
    #[cfg(test)]
    pub fn from_maps(env: HashMap<String, String>, file: HashMap<String, String>) -> Self {
        Self {
            env,
            file,
            file_path: None,
            verbose: false,
            warnings: Vec::new(),
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

/// `LEADKIT_*` environment variables the CLI does not read that are close to a setting it does
/// (other tools may use the prefix, so others are left alone), in name order.
fn misspelt_variables(env: &HashMap<String, String>) -> Vec<String> {
    let mut unknown: Vec<&String> = env
        .keys()
        .filter(|name| name.as_str() != CONFIG_ENV && !KNOWN_KEYS.contains(&name.as_str()))
        .collect();
    unknown.sort();
    unknown
        .into_iter()
        .filter_map(|name| {
            let candidates = KNOWN_KEYS.iter().copied().chain([CONFIG_ENV]);
            parse::suggestion(name, candidates).map(|known| {
                format!(
                    "environment variable {name} is not a leadkit setting; did you mean {known}?"
                )
            })
        })
        .collect()
}

#[cfg(unix)]
fn readable_by_others(path: &Path) -> Option<String> {
    use std::os::unix::fs::PermissionsExt as _;
    let mode = std::fs::metadata(path).ok()?.permissions().mode();
    (mode & 0o077 != 0).then(|| {
        format!(
            "config file {} holds credentials and is readable by other users (chmod 600 it)",
            path.display()
        )
    })
}

#[cfg(not(unix))]
fn readable_by_others(_path: &Path) -> Option<String> {
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A file in the temporary directory, removed on drop.
    struct TempFile(PathBuf);

    impl TempFile {
        fn new(name: &str, text: &str) -> Self {
            let path = std::env::temp_dir()
                .join(format!("leadkit-config-unit-{}-{name}", std::process::id()));
            std::fs::write(&path, text).unwrap();
            Self(path)
        }
    }

    impl Drop for TempFile {
        fn drop(&mut self) {
            let _ = std::fs::remove_file(&self.0);
        }
    }

    #[test]
    fn load_collects_the_file_s_warnings_with_its_path() {
        let file = TempFile::new(
            "warnings",
            "LEADKIT_JEFF_USERNAME=u\nLEADKIT_JEFF_PASSWORD=s3cr3t-VALUE # prod\n\
             LEADKIT_JEFF_USERNAM=u\nLEADKIT_JEFF_PASSWORD='s3cr3t-VALUE'\n",
        );
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt as _;
            std::fs::set_permissions(&file.0, std::fs::Permissions::from_mode(0o644)).unwrap();
        }
        let settings = Settings::load(Some(&file.0), false).unwrap();
        assert_eq!(
            settings.get(clients::JEFF_PASSWORD),
            Some(("s3cr3t-VALUE", Source::File))
        );
        let path = file.0.display();
        let mut expected = vec![
            format!(
                "config file {path}: line 3: unknown key LEADKIT_JEFF_USERNAM; \
                 did you mean LEADKIT_JEFF_USERNAME?"
            ),
            format!(
                "config file {path}: line 4: LEADKIT_JEFF_PASSWORD repeats line 2; \
                 the value on this line wins"
            ),
        ];
        if cfg!(unix) {
            expected.push(format!(
                "config file {path} holds credentials and is readable by other users \
                 (chmod 600 it)"
            ));
        }
        let from_file: Vec<&String> = settings
            .warnings()
            .iter()
            .filter(|w| w.starts_with("config file"))
            .collect();
        assert_eq!(from_file, expected.iter().collect::<Vec<_>>());
        assert!(settings.warnings().iter().all(|w| !w.contains("s3cr3t")));
    }

    #[test]
    fn load_refuses_a_malformed_line_with_its_number_and_reason_only() {
        let file = TempFile::new(
            "malformed",
            "# c\nLEADKIT_JEFF_USERNAME=u\nLEADKIT_JEFF_PASSWORD=\"s3cr3t-VALUE\n",
        );
        let Err(failure) = Settings::load(Some(&file.0), false) else {
            panic!("a malformed line loads");
        };
        assert_eq!(failure.code, crate::output::EXIT_INVALID_INPUT);
        assert_eq!(
            failure.message,
            format!(
                "config file {}: line 3: unterminated double quote (a value does not span lines)",
                file.0.display()
            )
        );
    }

    #[test]
    fn misspelt_environment_variables_get_a_warning_others_do_not() {
        let env: HashMap<String, String> = [
            ("LEADKIT_JEFF_PASWORD", "s3cr3t-VALUE"),
            ("LEADKIT_JEFF_PASSWORD", "s3cr3t-VALUE"),
            ("LEADKIT_CONFIG", "/x"),
            ("LEADKIT_CONFIGG", "/x"),
            ("LEADKIT_OTHER_TOOL_SETTING", "x"),
            ("LEADKIT_BUREAU_WORKFLOW", "x"),
            ("LEADKIT_BUREAU_FLOW", "x"),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_owned(), v.to_owned()))
        .collect();
        assert_eq!(
            misspelt_variables(&env),
            [
                "environment variable LEADKIT_BUREAU_WORKFLOW is not a leadkit setting; \
                 did you mean LEADKIT_BUREAU_WORKFLOW_ID?",
                "environment variable LEADKIT_CONFIGG is not a leadkit setting; \
                 did you mean LEADKIT_CONFIG?",
                "environment variable LEADKIT_JEFF_PASWORD is not a leadkit setting; \
                 did you mean LEADKIT_JEFF_PASSWORD?",
            ]
        );
    }

    #[test]
    fn known_keys_are_distinct_and_prefixed() {
        for (index, key) in KNOWN_KEYS.iter().enumerate() {
            assert!(key.starts_with("LEADKIT_") && *key != CONFIG_ENV, "{key}");
            assert!(!KNOWN_KEYS[..index].contains(key), "{key} twice");
        }
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
