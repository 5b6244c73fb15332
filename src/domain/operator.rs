//! The people at the desk and their roles. What a role may do is decided by the rules, not here.

use serde::{Deserialize, Serialize};

super::vocabulary! {
    /// A hat an operator wears; one person may wear several.
    Role, "role" {
        Operator = "operator",
        Duty = "duty",
        Mentor = "mentor",
        Supervisor = "supervisor",
        Supervip = "supervip",
        /// The shop's intake account: loads the feed (`opdesk import`), nothing else.
        Feed = "feed",
        /// The head of analytics: appeals (A9), product wishes (A7), escalations (A6).
        Analytics = "analytics",
        /// The director: whether an unpaid invoice order is kept (B7).
        Director = "director",
        /// The information department: confirms or rejects site-error reports (A8).
        Content = "content",
    }
}

/// An employee who can sign in to the desk, as configured in `opdesk.toml`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Operator {
    pub login: String,
    pub name: String,
    pub roles: Vec<Role>,
    /// The operator's own UI language, if not the shop's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub language: Option<super::Language>,
    /// The OS account this operator signs in as on a shared desk (the kernel's word, not
    /// `--as`); the login when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub os_user: Option<String>,
}

impl Operator {
    /// The OS account that is this operator on a shared desk.
    pub fn os_account(&self) -> &str {
        self.os_user.as_deref().unwrap_or(&self.login)
    }

    pub fn has(&self, role: Role) -> bool {
        self.roles.contains(&role)
    }

    /// The surname, which B4 requires on every cancellation: the last word of the name.
    pub fn surname(&self) -> &str {
        self.name.split_whitespace().last().unwrap_or(&self.name)
    }

    /// The roles, comma-separated, for headers and messages.
    pub fn roles_label(&self) -> String {
        self.roles.iter().map(|r| r.to_string()).collect::<Vec<_>>().join(", ")
    }
}
