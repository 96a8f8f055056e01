//! What CI checks of the crates as users get them: each TLS feature set builds, and every
//! published crate packs with both licence files, its metadata, and builds from its own
//! tarball (`cargo package`, verification on).

use std::process::Command;
use std::time::Instant;

/// The crates published to crates.io, in dependency order.
pub const PUBLISHED: &[&str] = &[
    "leadkit-core",
    "jeff-client",
    "jornaya-preaudit",
    "friendlyscore-client",
    "bureau-altdata",
    "leadkit-mock",
    "leadkit-screen",
    "leadkit",
];

/// The crates with the TLS features (the same names on each).
const WITH_TLS_FEATURES: &[&str] = &[
    "leadkit-core",
    "jeff-client",
    "jornaya-preaudit",
    "friendlyscore-client",
    "bureau-altdata",
    "leadkit",
];

/// Each TLS choice on its own (`None`: no TLS at all, plain `http://` or a caller's client).
const TLS_FEATURE_SETS: &[Option<&str>] = &[
    None,
    Some("rustls-ring"),
    Some("rustls-aws-lc"),
    Some("native-tls"),
];

/// The files every published package must carry.
const LICENCE_FILES: &[&str] = &["LICENSE-MIT", "LICENSE-APACHE", "README.md"];

/// Runs every check.
pub fn run() -> Result<(), String> {
    check_published_list()?;
    check_tls_feature_sets()?;
    check_screen_vendor_sets()?;
    check_package_contents()?;
    package()
}

/// The workspace's publishable packages (no `publish = false`) are exactly [`PUBLISHED`], so
/// a new crate is packaged in CI or marked unpublished on purpose.
fn check_published_list() -> Result<(), String> {
    let metadata = output(&["metadata", "--format-version", "1", "--no-deps"])?;
    let metadata: serde_json::Value =
        serde_json::from_str(&metadata).map_err(|error| format!("cargo metadata: {error}"))?;
    let mut publishable: Vec<&str> = metadata["packages"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|package| {
            package["publish"]
                .as_array()
                .is_none_or(|to| !to.is_empty())
        })
        .filter_map(|package| package["name"].as_str())
        .collect();
    let mut listed = PUBLISHED.to_vec();
    publishable.sort_unstable();
    listed.sort_unstable();
    if publishable != listed {
        return Err(format!(
            "publishable packages {publishable:?} differ from xtask's PUBLISHED {listed:?}"
        ));
    }
    Ok(())
}

/// `cargo check` of every crate with TLS features, once per feature set, warnings denied.
fn check_tls_feature_sets() -> Result<(), String> {
    for set in TLS_FEATURE_SETS {
        let mut args = vec!["check", "--no-default-features"];
        for name in WITH_TLS_FEATURES {
            args.extend(["--package", name]);
        }
        if let Some(feature) = set {
            args.extend(["--features", feature]);
        }
        cargo_without_warnings(&args)?;
    }
    Ok(())
}

/// `leadkit-screen` with each vendor feature alone: a service that licenses one vendor builds
/// only that vendor's crate, and no vendor's code needs another's.
fn check_screen_vendor_sets() -> Result<(), String> {
    for vendor in ["jeff", "jornaya", "friendlyscore", "bureau"] {
        cargo_without_warnings(&[
            "check",
            "--package",
            "leadkit-screen",
            "--no-default-features",
            "--features",
            vendor,
        ])?;
    }
    Ok(())
}

/// Every published package lists its licence files and README.
fn check_package_contents() -> Result<(), String> {
    for name in PUBLISHED {
        let listed = output(&["package", "--list", "--allow-dirty", "--package", name])?;
        for file in LICENCE_FILES {
            if !listed.lines().any(|line| line.trim() == *file) {
                return Err(format!("the {name} package lacks {file}"));
            }
        }
    }
    Ok(())
}

/// `cargo package` of every published crate, each built from its tarball against the others'
/// tarballs, warnings (missing metadata among them) denied.
fn package() -> Result<(), String> {
    forget_unpacked_tarballs()?;
    let mut args = vec!["package", "--allow-dirty"];
    for name in PUBLISHED {
        args.extend(["--package", name]);
    }
    cargo_without_warnings(&args)
}

/// Removes the copies cargo unpacked of earlier tarballs of the published crates. Packaging
/// puts the tarballs in a local registry and unpacks each once per version into
/// `$CARGO_HOME/registry/src/-<hash>/`; a later run with the same version would build the
/// stale copy. Only those local-registry copies are touched (their directory names start
/// with `-`; crates.io's do not).
fn forget_unpacked_tarballs() -> Result<(), String> {
    let home = std::env::var_os("CARGO_HOME")
        .map(std::path::PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|home| std::path::Path::new(&home).join(".cargo")))
        .ok_or("neither CARGO_HOME nor HOME is set")?;
    let Ok(registries) = std::fs::read_dir(home.join("registry").join("src")) else {
        return Ok(());
    };
    for registry in registries.flatten() {
        if !registry.file_name().to_string_lossy().starts_with('-') {
            continue;
        }
        for unpacked in std::fs::read_dir(registry.path())
            .into_iter()
            .flatten()
            .flatten()
        {
            let name = unpacked.file_name().to_string_lossy().into_owned();
            let ours = PUBLISHED.iter().any(|crate_name| {
                name.strip_prefix(crate_name)
                    .and_then(|rest| rest.strip_prefix('-'))
                    .is_some_and(|version| version.starts_with(|c: char| c.is_ascii_digit()))
            });
            if ours {
                std::fs::remove_dir_all(unpacked.path())
                    .map_err(|error| format!("cannot remove {name}: {error}"))?;
            }
        }
    }
    Ok(())
}

fn cargo_command(args: &[&str]) -> Command {
    let mut command = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()));
    command.args(args);
    command
}

/// Runs cargo, failing on an error or on any warning it prints (cargo shows warnings of the
/// workspace's own crates and manifests only).
fn cargo_without_warnings(args: &[&str]) -> Result<(), String> {
    let started = Instant::now();
    eprintln!("==> cargo {}", args.join(" "));
    let run = cargo_command(args)
        .output()
        .map_err(|error| format!("cannot run cargo: {error}"))?;
    let stderr = String::from_utf8_lossy(&run.stderr);
    let warnings: Vec<&str> = stderr
        .lines()
        .filter(|line| line.starts_with("warning:"))
        .collect();
    eprintln!("    ({:.1} s)", started.elapsed().as_secs_f64());
    if !run.status.success() || !warnings.is_empty() {
        eprintln!("{stderr}");
        return Err(format!(
            "`cargo {}` failed ({}, {} warnings)",
            args.join(" "),
            run.status,
            warnings.len()
        ));
    }
    Ok(())
}

fn output(args: &[&str]) -> Result<String, String> {
    let run = cargo_command(args)
        .output()
        .map_err(|error| format!("cannot run cargo: {error}"))?;
    if !run.status.success() {
        return Err(format!(
            "`cargo {}` failed: {}",
            args.join(" "),
            String::from_utf8_lossy(&run.stderr)
        ));
    }
    Ok(String::from_utf8_lossy(&run.stdout).into_owned())
}
