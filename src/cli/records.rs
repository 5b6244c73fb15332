//! `opdesk wishes`: what customers wished for and could not get, and the fireworks-show leads
//! (A7, B14, B16), for the head of analytics and the show director; `--format csv` exports them.

use super::{Global, table};
use crate::desk::WishView;
use crate::domain::wish::WishKind;
use anyhow::Result;
use clap::{Args, ValueEnum};
use std::process::ExitCode;

/// How `wishes` prints.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, ValueEnum)]
pub enum ListFormat {
    /// A table for reading
    #[default]
    Table,
    /// One row per wish for spreadsheets: id,at,kind,state,order,customer,operator,sku,fields
    Csv,
    /// A JSON array
    Json,
}

/// The inputs of `opdesk wishes`.
#[derive(Debug, Clone, Args)]
pub struct WishesArgs {
    /// Only product wishes or only show leads: product, show
    #[arg(long, value_name = "K")]
    pub kind: Option<WishKind>,
    /// At most N (the latest)
    #[arg(long, value_name = "N", value_parser = super::store_limit, default_value_t = crate::desk::WISH_LIMIT)]
    pub limit: usize,
    #[arg(long, value_enum, default_value_t = ListFormat::Table)]
    pub format: ListFormat,
    /// The same as `--format json`
    #[arg(long, conflicts_with = "format")]
    pub json: bool,
}

pub fn wishes(global: &Global, args: &WishesArgs) -> Result<ExitCode> {
    let session = global.session(false)?;
    let list = session.desk.wishes(args.kind, args.limit)?;
    match if args.json { ListFormat::Json } else { args.format } {
        ListFormat::Json => super::stdout::json(&list)?,
        ListFormat::Csv => super::stdout::raw(&wishes_csv(&list)?)?,
        ListFormat::Table => {
            if list.is_empty() {
                outln!("no wishes recorded")?;
            } else {
                let rows: Vec<Vec<String>> = list
                    .iter()
                    .map(|w| {
                        vec![
                            w.id.to_string(),
                            w.at.format("%Y-%m-%d %H:%M").to_string(),
                            w.kind.to_string(),
                            w.state.to_string(),
                            w.order.clone().unwrap_or_else(|| "—".into()),
                            w.operator.clone(),
                            fields_text(w),
                        ]
                    })
                    .collect();
                out!("{}", table::render(&["ID", "AT", "KIND", "STATE", "ORDER", "BY", "WHAT"], &rows))?;
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// `key=value; …` in the wish's own order.
pub(super) fn fields_text(w: &WishView) -> String {
    w.fields.iter().map(|(k, v)| format!("{k}={v}")).collect::<Vec<_>>().join("; ")
}

fn wishes_csv(list: &[WishView]) -> Result<String> {
    use super::report::csv::inert;
    let mut writer = ::csv::Writer::from_writer(Vec::new());
    writer.write_record(["id", "at", "kind", "state", "order", "customer", "operator", "sku", "fields"])?;
    for w in list {
        writer.write_record([
            w.id.to_string().as_str(),
            &w.at.to_rfc3339(),
            w.kind.to_string().as_str(),
            w.state.to_string().as_str(),
            &inert(w.order.as_deref().unwrap_or_default()),
            &inert(w.customer.as_deref().unwrap_or_default()),
            &inert(&w.operator),
            &inert(w.sku.as_deref().unwrap_or_default()),
            &inert(&fields_text(w)),
        ])?;
    }
    Ok(String::from_utf8(writer.into_inner()?)?)
}
