//! The CI step that runs every example of every workspace package.
//!
//! Examples are found with `cargo metadata --format-version 1 --no-deps` (the targets of kind
//! `example`), so a new example runs in CI without editing a list. Each runs as
//! `cargo run --quiet --package <package> --example <name>` (with the example's
//! `required-features`, if any); CI fails when one exits unsuccessfully. The per-crate
//! `cargo test` steps before this one have already built the examples in the dev profile, so
//! nothing is compiled again here.

use std::process::Command;

use serde_json::Value;

/// One example target of a workspace package.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Example {
    /// The package it belongs to.
    pub package: String,
    /// The example's name (`--example <name>`).
    pub name: String,
    /// The features it requires (`required-features` in the package's manifest).
    pub required_features: Vec<String>,
}

/// Every example target of the workspace's packages, in `cargo metadata`'s order.
pub fn discover() -> Result<Vec<Example>, String> {
    let output = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
        .args(["metadata", "--format-version", "1", "--no-deps"])
        .output()
        .map_err(|error| format!("cannot run cargo metadata: {error}"))?;
    if !output.status.success() {
        return Err(format!(
            "`cargo metadata` failed ({}): {}",
            output.status,
            String::from_utf8_lossy(&output.stderr).trim()
        ));
    }
    let metadata: Value = serde_json::from_slice(&output.stdout)
        .map_err(|error| format!("cannot read cargo metadata's output: {error}"))?;
    Ok(examples_in(&metadata))
}

/// The example targets listed in `cargo metadata` output.
pub fn examples_in(metadata: &Value) -> Vec<Example> {
    let strings = |value: Option<&Value>| -> Vec<String> {
        value
            .and_then(Value::as_array)
            .map(|items| {
                items
                    .iter()
                    .filter_map(Value::as_str)
                    .map(str::to_owned)
                    .collect()
            })
            .unwrap_or_default()
    };
    let mut examples = Vec::new();
    for package in metadata["packages"].as_array().into_iter().flatten() {
        let Some(package_name) = package["name"].as_str() else {
            continue;
        };
        for target in package["targets"].as_array().into_iter().flatten() {
            let is_example = strings(target.get("kind")).iter().any(|k| k == "example");
            if let (true, Some(name)) = (is_example, target["name"].as_str()) {
                examples.push(Example {
                    package: package_name.to_owned(),
                    name: name.to_owned(),
                    required_features: strings(target.get("required-features")),
                });
            }
        }
    }
    examples
}

/// Runs every example of the workspace, one after the other; fails on the first that fails.
pub fn run_all() -> Result<(), String> {
    let examples = discover()?;
    eprintln!("==> {} example(s)", examples.len());
    for example in &examples {
        let features = example.required_features.join(",");
        let mut args = vec![
            "run",
            "--quiet",
            "--package",
            &example.package,
            "--example",
            &example.name,
        ];
        if !features.is_empty() {
            args.extend(["--features", &features]);
        }
        crate::cargo(&args, &[])?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_example_targets_only() {
        let metadata = serde_json::json!({"packages": [
            {"name": "jeff-client", "targets": [
                {"name": "jeff_client", "kind": ["lib"]},
                {"name": "lead_data", "kind": ["example"]},
                {"name": "leaks", "kind": ["test"]}
            ]},
            {"name": "leadkit", "targets": [{"name": "leadkit", "kind": ["bin"]}]},
            {"name": "other", "targets": [
                {"name": "gated", "kind": ["example"], "required-features": ["a", "b"]}
            ]}
        ]});
        assert_eq!(
            examples_in(&metadata),
            [
                Example {
                    package: "jeff-client".into(),
                    name: "lead_data".into(),
                    required_features: vec![],
                },
                Example {
                    package: "other".into(),
                    name: "gated".into(),
                    required_features: vec!["a".into(), "b".into()],
                },
            ]
        );
    }
}
