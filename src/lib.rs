//! opdesk: a terminal workstation for the order desk of an online shop.
//!
//! Layers, data flowing down only: `cli` and `tui` (front ends) → `desk` (use cases, one
//! transaction per action) → `policy` (pure rules) and `store` (SQLite) → `domain` (plain types).

pub mod cli;
pub mod config;
pub mod desk;
pub mod display;
pub mod domain;
pub mod generate;
pub mod import;
pub mod policy;
pub mod pricing;
pub mod scripts;
pub mod session;
pub mod shared;
pub mod store;
pub mod tui;
