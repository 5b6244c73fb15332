//! The `opdesk` binary: all of it lives in the library; this only hands over to the CLI.

fn main() -> std::process::ExitCode {
    opdesk::cli::main()
}
