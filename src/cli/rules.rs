//! `opdesk rules check | test | list`: the shop's rules as data, checked and tested like code.

use super::{Global, table};
use crate::config::ConfigDirs;
use crate::policy::{Policy, testing};

use anyhow::Result;
use std::process::ExitCode;

/// `rules check`: load and compile every expression; a broken file exits non-zero.
pub fn check(global: &Global) -> Result<ExitCode> {
    let config = ConfigDirs::resolve(global.config.as_deref())?;
    let file = config.config_file("rules.toml")?;
    let name = file.display_name();
    let policy = Policy::load(&[(name.clone(), file.text)])?;
    println!("{name}: {} rules, version {} — ok", policy.rules().count(), policy.version());
    Ok(ExitCode::SUCCESS)
}

/// `rules test`: run `rules.tests.toml` against `rules.toml`.
pub fn test(global: &Global) -> Result<ExitCode> {
    let config = ConfigDirs::resolve(global.config.as_deref())?;
    let policy = super::session::load_policy(&config)?;
    let cases = config.config_file("rules.tests.toml")?;
    let report = testing::run(&policy, &cases.display_name(), &cases.text)?;
    println!("{report}");
    Ok(if report.all_passed() { ExitCode::SUCCESS } else { ExitCode::from(1) })
}

/// `rules list`: every rule with the actions it guards and its checks.
pub fn list(global: &Global) -> Result<ExitCode> {
    let config = ConfigDirs::resolve(global.config.as_deref())?;
    let policy = super::session::load_policy(&config)?;
    let rows: Vec<Vec<String>> = policy
        .rules()
        .map(|r| {
            vec![
                r.id.to_owned(),
                format!("{:?}", r.kind).to_lowercase(),
                r.actions.join(","),
                r.message.to_owned(),
            ]
        })
        .collect();
    print!("{}", table::render(&["RULE", "KIND", "ACTIONS", "MESSAGE"], &rows));
    Ok(ExitCode::SUCCESS)
}
