//! The examples at the end of each command's help.

/// The examples of `leadkit --help`, short and long.
macro_rules! top_examples {
    () => {
        "\
Examples:
  leadkit demo                    # every vendor, against the embedded mock
  leadkit jeff lead --email jon.doe@example.com
  leadkit --json jornaya preaudit --entity ACME \\
      --token 0A1B2C3D-4E5F-4A6B-8C7D-000000000001
  leadkit completions bash > ~/.local/share/bash-completion/completions/leadkit

Credentials come from LEADKIT_* environment variables or the config file,
never from flags."
    };
}

/// `leadkit --help` (short).
pub const TOP: &str = top_examples!();

/// `leadkit --help` (long): the short examples, credentials and exit codes.
pub const TOP_LONG: &str = concat!(
    top_examples!(),
    "

Exit codes:
  0  success (no match, no data and a red pre-audit are answers too)
  1  internal error
  2  invalid input or configuration (the flag is named; nothing was sent)
  3  the vendor refused or answered an error
  4  network failure (connect, TLS, timeout, broken exchange)
  5  gave up waiting for a result (resume it with the id printed)
  130 interrupted (Ctrl-C)"
);

/// `leadkit jeff --help`.
pub const JEFF: &str = "\
Examples:
  leadkit jeff lead --email jon.doe@example.com --phone 84877797487
  leadkit jeff fraud --phone 84877797487
  leadkit jeff social --email jon.doe@example.com --platform zalo,facebook
  leadkit jeff event lead-qualified --lead-id 55 --external-id app-1001";

/// `leadkit jeff lead --help`.
pub const JEFF_LEAD: &str = "\
Examples:
  leadkit jeff lead --email jon.doe@example.com --phone 84877797487
  leadkit --json jeff lead --phone 84877797487 | jq .lead.lead_score";

/// `leadkit jeff fraud --help`.
pub const JEFF_FRAUD: &str = "\
Examples:
  leadkit jeff fraud --email jon.doe@example.com
  leadkit --json jeff fraud --phone 84877797487";

/// `leadkit jeff social --help`.
pub const JEFF_SOCIAL: &str = "\
Examples:
  leadkit jeff social --phone 84877797487
  leadkit jeff social --email jon.doe@example.com --platform zalo,facebook \\
      --max-wait 40";

/// `leadkit jeff event --help`.
pub const JEFF_EVENT: &str = "\
Examples:
  leadkit jeff event application-completed --lead-id 55 --external-id app-1001
  leadkit jeff event lead-rejected --lead-id 55 --external-id app-1001 \\
      --reason duplicate
  leadkit jeff event loan-issued --lead-s2s-id 9f1e --external-id app-1001 \\
      --price-group B";

/// `leadkit jornaya --help`.
pub const JORNAYA: &str = "\
Examples:
  leadkit jornaya preaudit --entity ACME \\
      --token 0A1B2C3D-4E5F-4A6B-8C7D-000000000001
  leadkit jornaya reasons";

/// `leadkit jornaya preaudit --help`.
pub const JORNAYA_PREAUDIT: &str = "\
Examples:
  leadkit jornaya preaudit --entity ACME \\
      --token 0A1B2C3D-4E5F-4A6B-8C7D-000000000001
  leadkit jornaya preaudit --token 0A1B2C3D-4E5F-4A6B-8C7D-000000000001 \\
      --entity ACME --provider PROV --email jon.doe@example.com --zip 10001 \\
      --data loan_amount=5000";

/// `leadkit jornaya reasons --help`.
pub const JORNAYA_REASONS: &str = "\
Examples:
  leadkit jornaya reasons
  leadkit --json jornaya reasons \\
      | jq '.reasons[] | select(.group == \"Lead Age\")'";

/// `leadkit friendlyscore --help`.
pub const FRIENDLYSCORE: &str = "\
Examples:
  leadkit friendlyscore users --all
  leadkit friendlyscore user show --partner-id applicant-42
  leadkit friendlyscore user score --partner-id applicant-42 --ip 203.0.113.7 \\
      --access-tokens tokens.json --wait";

/// `leadkit friendlyscore user --help`.
pub const FS_USER: &str = "\
Examples:
  leadkit friendlyscore user show --partner-id applicant-42
  leadkit friendlyscore user gmail places --id 1234";

/// `leadkit friendlyscore users --help`.
pub const FS_USERS: &str = "\
Examples:
  leadkit friendlyscore users --max-results 50
  leadkit --json friendlyscore users --all";

/// `leadkit friendlyscore user show --help`.
pub const FS_USER_SHOW: &str = "\
Examples:
  leadkit friendlyscore user show --partner-id applicant-42
  leadkit friendlyscore user show --id 1234";

/// The reads of one user's data (`social`, `ip-addr`, …).
pub const FS_USER_READ: &str = "\
Examples:
  leadkit friendlyscore user social --partner-id applicant-42
  leadkit --json friendlyscore user data-points --id 1234";

/// `leadkit friendlyscore user gmail --help`.
pub const FS_USER_GMAIL: &str = "\
Examples:
  leadkit friendlyscore user gmail places --partner-id applicant-42";

/// `leadkit friendlyscore user score --help`.
pub const FS_USER_SCORE: &str = "\
Examples:
  leadkit friendlyscore user score --partner-id applicant-42 --ip 203.0.113.7 \\
      --access-tokens tokens.json --wait
  echo '{\"facebook\": \"…\"}' | leadkit friendlyscore user score \\
      --partner-id applicant-42 --ip 203.0.113.7 --access-tokens -";

/// `leadkit friendlyscore user wait --help`.
pub const FS_USER_WAIT: &str = "\
Examples:
  leadkit friendlyscore user wait --partner-id applicant-42 --max-wait 60";

/// `leadkit friendlyscore user performance --help`.
pub const FS_USER_PERFORMANCE: &str = "\
Examples:
  leadkit friendlyscore user performance --partner-id applicant-42 \\
      --loan-status paid --loan-value 500 --currency GBP --term 30";

/// `leadkit friendlyscore user positive --help`.
pub const FS_USER_POSITIVE: &str = "\
Examples:
  leadkit friendlyscore user positive --partner-id applicant-42 true";

/// `leadkit friendlyscore user status --help`.
pub const FS_USER_STATUS: &str = "\
Examples:
  leadkit friendlyscore user status --partner-id applicant-42 \\
      --status approved --description \"manual review passed\"";

/// `leadkit bureau --help`.
pub const BUREAU: &str = "\
Examples:
  leadkit bureau run --phone 919812345678 --email asha@example.com \\
      --name \"Asha Verma\"
  leadkit bureau poll --id 3d6c2a7e-5b1f-4c8e-9a0d-7e6f5a4b3c2d";

/// `leadkit bureau run --help`.
pub const BUREAU_RUN: &str = "\
Examples:
  leadkit bureau run --phone 919812345678 --email asha@example.com \\
      --name \"Asha Verma\"
  leadkit --json bureau run --phone 919812345678 --email asha@example.com \\
      --name \"Asha Verma\" --derived-signals --max-wait 300";

/// `leadkit bureau initiate --help`.
pub const BUREAU_INITIATE: &str = "\
Examples:
  leadkit bureau initiate --phone 919812345678 --email asha@example.com \\
      --name \"Asha Verma\"";

/// `leadkit bureau fetch --help`.
pub const BUREAU_FETCH: &str = "\
Examples:
  leadkit bureau fetch --id 3d6c2a7e-5b1f-4c8e-9a0d-7e6f5a4b3c2d \\
      --phone 919812345678 --email asha@example.com --name \"Asha Verma\"";

/// `leadkit bureau get --help`.
pub const BUREAU_GET: &str = "\
Examples:
  leadkit bureau get --id 3d6c2a7e-5b1f-4c8e-9a0d-7e6f5a4b3c2d";

/// `leadkit bureau poll --help`.
pub const BUREAU_POLL: &str = "\
Examples:
  leadkit bureau poll --id 3d6c2a7e-5b1f-4c8e-9a0d-7e6f5a4b3c2d
  leadkit bureau poll --id 3d6c2a7e-5b1f-4c8e-9a0d-7e6f5a4b3c2d --max-wait 600";

/// `leadkit screen --help`.
pub const SCREEN: &str = "\
Examples:
  leadkit screen leads.csv --vendors jeff,jornaya --jornaya-entity ACME
  leadkit screen leads.csv --vendors jeff --dry-run
  leadkit screen leads.jsonl --vendors bureau --shard 2/3 --rate bureau=5
  leadkit screen leads.csv --vendors jeff,jornaya,friendlyscore,bureau --mock \\
      --jornaya-entity DEMO

Rerun the same command to resume: finished calls are never sent again.";

/// `leadkit demo --help`.
pub const DEMO: &str = "\
Examples:
  leadkit demo
  leadkit --json demo | jq .decision";

/// `leadkit mock serve --help`.
pub const MOCK_SERVE: &str = "\
Examples:
  leadkit mock serve --port 8080";

/// `leadkit completions --help`.
pub const COMPLETIONS: &str = "\
Examples:
  leadkit completions bash > ~/.local/share/bash-completion/completions/leadkit
  leadkit completions zsh > ~/.zfunc/_leadkit
  leadkit completions fish > ~/.config/fish/completions/leadkit.fish
  leadkit completions powershell >> $PROFILE";

/// `leadkit man --help`.
pub const MAN: &str = "\
Examples:
  leadkit man > leadkit.1 && man ./leadkit.1";

#[cfg(test)]
mod tests {
    use clap::CommandFactory as _;

    /// Every help's examples fit an 80-column terminal as written (clap would otherwise wrap
    /// a command in the middle).
    #[test]
    fn examples_fit_80_columns() {
        fn check(command: &clap::Command) {
            for text in [command.get_after_help(), command.get_after_long_help()]
                .into_iter()
                .flatten()
            {
                for line in text.to_string().lines() {
                    assert!(line.chars().count() <= 80, "{}: {line}", command.get_name());
                }
            }
            for sub in command.get_subcommands() {
                check(sub);
            }
        }
        check(&crate::cli::Cli::command());
    }
}
