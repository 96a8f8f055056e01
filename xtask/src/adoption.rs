//! What a user pays to adopt one vendor, as a step of `cargo xtask bench`.
//!
//! Two throwaway programs are generated in a temporary directory:
//!
//! - `adopt-jeff`: depends on `jeff-client` (a path dependency on this workspace's crate, its
//!   default features, whatever they are) and makes a Lead Data call;
//! - `bare-transport`: the transport any client needs, reqwest 0.13 over rustls 0.23 with the
//!   ring provider, tokio and serde_json, making a `GET` and decoding its JSON.
//!
//! Both get this workspace's `Cargo.lock` and `rust-toolchain.toml`, so they build the same
//! versions with the same compiler, and nothing is downloaded while timing (`--offline`, after
//! an untimed check that fetches what is missing). Each round builds both with `cargo build`
//! (dev profile) from an empty `CARGO_TARGET_DIR`, one after the other (the order swapped each
//! round), timing the wall clock and counting the distinct packages in the
//! `compiler-artifact` messages.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Instant;

/// Rounds of the two cold builds, unless `--adoption-rounds N` says otherwise.
pub const DEFAULT_ROUNDS: usize = 2;

/// Goals: the vendor program's cold build against the bare transport's.
const MAX_TIME_RATIO: f64 = 1.15;
const MAX_EXTRA_PACKAGES: usize = 12;

/// One generated program.
struct Program {
    /// Package name, also its directory.
    name: &'static str,
    /// What the table calls it.
    label: &'static str,
    /// `[dependencies]` lines.
    dependencies: String,
    /// `src/main.rs`.
    main: &'static str,
}

const ADOPT_JEFF_MAIN: &str = r#"//! Adopting one vendor: a Lead Data call with jeff-client.
use jeff_client::{Contact, JeffClient, LeadDataOutcome, SecretString};

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let client = JeffClient::builder("partner-user", SecretString::from("password"))
        .api_base_url("http://127.0.0.1:9/partners-api")
        .expect("base url")
        .build()
        .expect("client");
    let contact = Contact::email_and_phone("dave.black@example.com", "84999999999");
    match client.lead_data(&contact).await {
        Ok(LeadDataOutcome::Lead(lead)) => println!("{lead:?}"),
        Ok(other) => println!("{other:?}"),
        Err(error) => eprintln!("{error}"),
    }
}
"#;

const BARE_MAIN: &str = r#"//! The bare transport: reqwest over rustls (ring), a GET, its JSON decoded.
#[tokio::main(flavor = "current_thread")]
async fn main() {
    rustls::crypto::ring::default_provider()
        .install_default()
        .expect("crypto provider");
    let client = reqwest::Client::builder().build().expect("client");
    let answer = async {
        let response = client.get("http://127.0.0.1:9/lead").send().await?;
        response.bytes().await
    };
    match answer.await {
        Ok(bytes) => match serde_json::from_slice::<serde_json::Value>(&bytes) {
            Ok(value) => println!("{value}"),
            Err(error) => eprintln!("{error}"),
        },
        Err(error) => eprintln!("{error}"),
    }
}
"#;

/// The two programs: the vendor client, then the bare transport.
fn programs(root: &Path) -> [Program; 2] {
    // tokio with the features `#[tokio::main]` needs: jeff-client already depends on it with
    // these, so it adds no package to the vendor program.
    let tokio =
        r#"tokio = { version = "1", default-features = false, features = ["rt", "macros"] }"#;
    [
        Program {
            name: "adopt-jeff",
            label: "(a) jeff-client, default features",
            dependencies: format!(
                "jeff-client = {{ path = {:?} }}\n{tokio}\n",
                root.join("crates/jeff-client")
            ),
            main: ADOPT_JEFF_MAIN,
        },
        Program {
            name: "bare-transport",
            label: "(b) bare transport: reqwest + rustls (ring) + tokio + serde_json",
            dependencies: format!(
                "reqwest = {{ version = \"0.13\", default-features = false, features = \
                 [\"rustls-no-provider\"] }}\n\
                 rustls = {{ version = \"0.23\", default-features = false, features = \
                 [\"ring\", \"std\", \"tls12\"] }}\n\
                 {tokio}\n\
                 serde_json = \"1\"\n"
            ),
            main: BARE_MAIN,
        },
    ]
}

/// Writes `program` under `dir` with the workspace's lock file and toolchain.
fn write(dir: &Path, root: &Path, program: &Program) -> Result<PathBuf, String> {
    let home = dir.join(program.name);
    let io = |error: std::io::Error| format!("writing {}: {error}", home.display());
    std::fs::create_dir_all(home.join("src")).map_err(io)?;
    let manifest = format!(
        "[package]\nname = \"{}\"\nversion = \"0.0.0\"\nedition = \"2024\"\npublish = false\n\n\
         [dependencies]\n{}\n[workspace]\n",
        program.name, program.dependencies
    );
    std::fs::write(home.join("Cargo.toml"), manifest).map_err(io)?;
    std::fs::write(home.join("src/main.rs"), program.main).map_err(io)?;
    std::fs::copy(root.join("Cargo.lock"), home.join("Cargo.lock")).map_err(io)?;
    std::fs::copy(
        root.join("rust-toolchain.toml"),
        home.join("rust-toolchain.toml"),
    )
    .map_err(io)?;
    Ok(home)
}

fn cargo_command(home: &Path) -> Command {
    let mut command = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()));
    command.current_dir(home);
    command
}

/// Makes sure everything `home` needs is cached, untimed: offline first, online if not.
fn prepare(home: &Path) -> Result<(), String> {
    let tree = |offline: bool| {
        let mut command = cargo_command(home);
        command.args(["tree", "--quiet"]);
        if offline {
            command.arg("--offline");
        }
        command
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .map(|status| status.success())
            .unwrap_or(false)
    };
    if tree(true) {
        return Ok(());
    }
    eprintln!(
        "    {}: not everything is cached; fetching (untimed)",
        home.display()
    );
    if tree(false) {
        Ok(())
    } else {
        Err(format!("cannot resolve {}", home.display()))
    }
}

/// CPU time (user + system, seconds) of the children this process has waited for, and of
/// theirs: `cutime` + `cstime` in `/proc/self/stat`, in clock ticks of 1/100 s (Linux's
/// `USER_HZ`). Zero where that file is missing.
pub(crate) fn children_cpu() -> f64 {
    std::fs::read_to_string("/proc/self/stat")
        .ok()
        .and_then(|stat| {
            // Fields after the command name, which is in parentheses: state is the first.
            let fields: Vec<&str> = stat.rsplit_once(')')?.1.split_whitespace().collect();
            let ticks = |index: usize| fields.get(index)?.parse::<f64>().ok();
            Some((ticks(13)? + ticks(14)?) / 100.0)
        })
        .unwrap_or(0.0)
}

/// One cold build.
struct Build {
    /// Wall clock.
    seconds: f64,
    /// CPU time of cargo and everything it ran (rustc, build scripts, C compilers): unlike the
    /// wall clock, barely moved by other load on the machine.
    cpu: f64,
    /// `name@version` of every package compiled, the program's own included.
    packages: BTreeSet<String>,
}

/// `name@version` from a cargo package id (`registry+…#name@1.2.3`, `path+file:///…/name#1.2.3`).
fn package_name(id: &str) -> String {
    let (source, spec) = id.rsplit_once('#').unwrap_or(("", id));
    if spec.contains('@') {
        spec.to_owned()
    } else {
        let name = source.rsplit('/').next().unwrap_or(source);
        format!("{name}@{spec}")
    }
}

/// Builds `home` from an empty target directory, timing it and counting the packages.
fn build(home: &Path, target: &Path) -> Result<Build, String> {
    let _ = std::fs::remove_dir_all(target);
    let cpu_start = children_cpu();
    let started = Instant::now();
    let output = cargo_command(home)
        .args(["build", "--offline", "--message-format", "json"])
        .env("CARGO_TARGET_DIR", target)
        .stdin(Stdio::null())
        .output()
        .map_err(|error| format!("cannot run cargo: {error}"))?;
    let seconds = started.elapsed().as_secs_f64();
    let cpu = children_cpu() - cpu_start;
    let _ = std::fs::remove_dir_all(target);
    if !output.status.success() {
        return Err(format!(
            "building {} failed:\n{}",
            home.display(),
            String::from_utf8_lossy(&output.stderr)
        ));
    }
    let packages = String::from_utf8_lossy(&output.stdout)
        .lines()
        .filter_map(|line| serde_json::from_str::<serde_json::Value>(line).ok())
        .filter(|message| message["reason"] == "compiler-artifact")
        .filter_map(|message| message["package_id"].as_str().map(package_name))
        .collect();
    Ok(Build {
        seconds,
        cpu,
        packages,
    })
}

/// The median (the mean of the middle two for an even count).
pub(crate) fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(f64::total_cmp);
    let middle = values.len() / 2;
    if values.len().is_multiple_of(2) {
        (values[middle - 1] + values[middle]) / 2.0
    } else {
        values[middle]
    }
}

fn min(values: &[f64]) -> f64 {
    values.iter().copied().fold(f64::INFINITY, f64::min)
}

fn seconds_list(values: &[f64]) -> String {
    values
        .iter()
        .map(|seconds| format!("{seconds:.1}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Generates, builds and compares the two programs; prints the table.
pub fn run(root: &Path, rounds: usize) -> Result<(), String> {
    let dir = std::env::temp_dir().join(format!("leadkit-adoption-{}", std::process::id()));
    let result = measure(root, &dir, rounds.max(1));
    let _ = std::fs::remove_dir_all(&dir);
    result
}

fn measure(root: &Path, dir: &Path, rounds: usize) -> Result<(), String> {
    let programs = programs(root);
    let homes = programs
        .iter()
        .map(|program| write(dir, root, program))
        .collect::<Result<Vec<_>, _>>()?;
    for home in &homes {
        prepare(home)?;
    }
    let started = Instant::now();
    let mut builds: [Vec<Build>; 2] = [Vec::new(), Vec::new()];
    for round in 0..rounds {
        // Swap the order each round, so that neither always builds first.
        let order: [usize; 2] = if round % 2 == 0 { [0, 1] } else { [1, 0] };
        for index in order {
            let program = &programs[index];
            eprintln!(
                "==> cold build of {} (round {} of {rounds})",
                program.name,
                round + 1
            );
            let build = build(&homes[index], &dir.join(format!("target-{}", program.name)))?;
            eprintln!(
                "    ({:.1} s, CPU {:.1} s, {} packages)",
                build.seconds,
                build.cpu,
                build.packages.len()
            );
            builds[index].push(build);
        }
    }
    report(&programs, &builds, started.elapsed().as_secs_f64());
    Ok(())
}

fn ratio_list(ratios: &[f64]) -> String {
    ratios
        .iter()
        .map(|ratio| format!("{ratio:.3}"))
        .collect::<Vec<_>>()
        .join(", ")
}

fn report(programs: &[Program; 2], builds: &[Vec<Build>; 2], total: f64) {
    let wall = |index: usize| builds[index].iter().map(|b| b.seconds).collect::<Vec<_>>();
    let cpu = |index: usize| builds[index].iter().map(|b| b.cpu).collect::<Vec<_>>();
    let per_round = |of: &dyn Fn(usize) -> Vec<f64>| -> Vec<f64> {
        of(0).iter().zip(of(1)).map(|(a, b)| a / b).collect()
    };
    let (wall_ratios, cpu_ratios) = (per_round(&wall), per_round(&cpu));
    let time_ratio = median(wall_ratios.clone());
    let counts = [builds[0][0].packages.len(), builds[1][0].packages.len()];
    let extra = counts[0] as i64 - counts[1] as i64;

    println!("## What a user pays to adopt one vendor: cold `cargo build` (dev profile)");
    println!();
    println!(
        "{} round{}; each builds both programs from an empty target directory, one after the \
         other (order swapped each round), offline, with this workspace's Cargo.lock and \
         toolchain; packages are the distinct package ids in `compiler-artifact` messages (build \
         scripts and build dependencies included, the program's own package too); CPU is user + \
         system time of cargo and all it ran; {total:.0} s in all",
        builds[0].len(),
        if builds[0].len() == 1 { "" } else { "s" }
    );
    println!();
    println!(
        "| program | packages compiled | wall, s (each round) | wall min | wall median | CPU, s \
         (each round) | CPU median |"
    );
    println!("|---|---|---|---|---|---|---|");
    for (index, program) in programs.iter().enumerate() {
        let (wall, cpu) = (wall(index), cpu(index));
        println!(
            "| {} | {} | {} | {:.1} | {:.1} | {} | {:.1} |",
            program.label,
            counts[index],
            seconds_list(&wall),
            min(&wall),
            median(wall.clone()),
            seconds_list(&cpu),
            median(cpu.clone()),
        );
    }
    println!(
        "| (a) / (b), round by round | {extra:+} | {} | {:.3} | {time_ratio:.3} | {} | {:.3} |",
        ratio_list(&wall_ratios),
        min(&wall_ratios),
        ratio_list(&cpu_ratios),
        median(cpu_ratios.clone()),
    );
    println!();
    let verdict = |met: bool| if met { "met" } else { "not met" };
    println!(
        "| goal | result |\n|---|---|\n| cold build at most {MAX_TIME_RATIO}× the bare \
         transport's (median wall ratio) | {}: {time_ratio:.3}× (CPU {:.3}×) |\n| at most \
         {MAX_EXTRA_PACKAGES} packages more | {}: {extra:+} |",
        verdict(time_ratio <= MAX_TIME_RATIO),
        median(cpu_ratios.clone()),
        verdict(extra <= MAX_EXTRA_PACKAGES as i64),
    );
    println!();
    let only = |this: usize, other: usize| {
        let names: Vec<&str> = builds[this][0]
            .packages
            .difference(&builds[other][0].packages)
            .map(String::as_str)
            .collect();
        if names.is_empty() {
            "none".to_owned()
        } else {
            names.join(", ")
        }
    };
    println!("Packages only in (a): {}", only(0, 1));
    println!();
    println!("Packages only in (b): {}", only(1, 0));
    println!();
}

#[cfg(test)]
mod tests {
    use super::{median, package_name};

    #[test]
    fn package_names_from_registry_and_path_ids() {
        assert_eq!(
            package_name("registry+https://github.com/rust-lang/crates.io-index#ring@0.17.14"),
            "ring@0.17.14"
        );
        assert_eq!(
            package_name("path+file:///work/crates/jeff-client#0.1.0"),
            "jeff-client@0.1.0"
        );
        assert_eq!(
            package_name("path+file:///tmp/x/adopt#adopt-jeff@0.0.0"),
            "adopt-jeff@0.0.0"
        );
    }

    #[test]
    fn median_of_odd_and_even_counts() {
        assert_eq!(median(vec![3.0, 1.0, 2.0]), 2.0);
        assert_eq!(median(vec![4.0, 1.0]), 2.5);
    }
}
