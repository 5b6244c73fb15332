//! What a key asks the workstation to do. Actions are context-free: the keymap turns a key into
//! one of these at the edge, and the focused pane (or overlay) decides what it means there —
//! `open` opens the selected order in the queue and submits a form in a form.

use serde::Deserialize;

macro_rules! actions {
    ($($variant:ident = $name:literal),+ $(,)?) => {
        /// A thing a key can ask for; spelled in `keymap.toml` and the help by its name.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Action { $($variant),+ }

        impl Action {
            /// Every action, in the order the help lists them.
            pub const ALL: &'static [Action] = &[$(Action::$variant),+];

            /// The name in `keymap.toml` and the catalog key `action.<name>`.
            pub fn name(self) -> &'static str {
                match self { $(Action::$variant => $name),+ }
            }
        }
    };
}

actions! {
    Help = "help",
    Palette = "palette",
    Filter = "filter",
    Open = "open",
    Back = "back",
    Up = "up",
    Down = "down",
    PageUp = "page_up",
    PageDown = "page_down",
    Top = "top",
    Bottom = "bottom",
    NextPane = "next_pane",
    PrevPane = "prev_pane",
    NextTab = "next_tab",
    PrevTab = "prev_tab",
    Pane1 = "pane_1",
    Pane2 = "pane_2",
    Pane3 = "pane_3",
    Pane4 = "pane_4",
    Claim = "claim",
    Confirm = "confirm",
    Cancel = "cancel",
    Comment = "comment",
    NoAnswer = "no_answer",
    TakeHandoff = "take_handoff",
    Handoff = "handoff",
    Wish = "wish",
    Callback = "callback",
    Reserve = "reserve",
    Ship = "ship",
    Deliver = "deliver",
    Edit = "edit",
    Track = "track",
    Ledger = "ledger",
    EndShift = "end_shift",
    NextScript = "next_script",
    Review = "review",
    Reassign = "reassign",
    Why = "why",
    Yes = "yes",
    No = "no",
    Refresh = "refresh",
    Quit = "quit",
}

/// A key hint: the action whose first key is shown and the catalog key of what it does in the
/// layer in front (`(Action::Back, "footer.close")` → `Esc close`). Each overlay keeps its own
/// list beside its key handling; the footer shows the front one's, resolved through the same
/// keymap as the `?` help, so neither can name a key that is not bound.
pub type Hint = (Action, &'static str);

impl Action {
    pub fn from_name(name: &str) -> Option<Action> {
        Action::ALL.iter().copied().find(|a| a.name() == name)
    }
}

impl<'de> Deserialize<'de> for Action {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let name = String::deserialize(d)?;
        Action::from_name(&name).ok_or_else(|| {
            let known: Vec<&str> = Action::ALL.iter().map(|a| a.name()).collect();
            serde::de::Error::custom(format!(
                "unknown action {name:?} (expected one of: {})",
                known.join(", ")
            ))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        for a in Action::ALL {
            assert_eq!(Action::from_name(a.name()), Some(*a));
        }
    }
}
