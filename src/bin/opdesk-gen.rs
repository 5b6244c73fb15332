//! `opdesk-gen`: writes a large generated feed (`.jsonl`) for benchmarks and stress tests.
//!
//! `opdesk-gen --orders 100000 --customers 25000 --products 5000 > big.jsonl`

use anyhow::{Context, Result, bail};
use opdesk::generate::{Scale, write_feed};
use std::io::Write;

fn main() -> std::process::ExitCode {
    match run() {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("opdesk-gen: {e:#}");
            std::process::ExitCode::from(2)
        }
    }
}

fn run() -> Result<()> {
    let mut scale = Scale { products: 5_000, customers: 250_000, orders: 1_000_000, seed: 1 };
    let mut args = std::env::args().skip(1);
    while let Some(flag) = args.next() {
        let value = args.next().with_context(|| format!("{flag} needs a number"))?;
        let n: usize = value.parse().with_context(|| format!("{flag} {value:?} is not a whole number"))?;
        match flag.as_str() {
            "--products" => scale.products = n.max(1),
            "--customers" => scale.customers = n.max(1),
            "--orders" => scale.orders = n,
            "--seed" => scale.seed = n as u64,
            _ => bail!("unknown option {flag} (use --products, --customers, --orders, --seed)"),
        }
    }
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::with_capacity(1 << 20, stdout.lock());
    write_feed(scale, &mut out)?;
    out.flush()?;
    Ok(())
}
