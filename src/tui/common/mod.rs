//! Widgets the panes share: a scrolling list position, single-line text fields over
//! `ratatui-textarea`, modal popups, and width-aware text helpers.

pub mod list;
pub mod modal;
pub mod text;
pub mod textarea;
