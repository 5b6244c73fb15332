//! Records the back office decides: site errors reported to the information department (A8) —
//! what is wrong on which page, and where the report stands (only a confirmed error that needs
//! fixing earns the credit) — and escalations of a missing item (A6): who holds one, and its state.

super::vocabulary! {
    /// What is wrong on the page, as seed 000 lists it.
    SiteProblem, "site problem" {
        /// The product is in the wrong group.
        Category = "category",
        /// Wrong characteristics.
        Specs = "specs",
        /// A wrong photo.
        Photo = "photo",
        Other = "other",
    }
}

super::vocabulary! {
    /// Where a site-error report stands.
    SiteErrorState, "site error state" {
        /// Waiting for the information department.
        Reported = "reported",
        /// Needs fixing: the reporter is credited (A8).
        Confirmed = "confirmed",
        /// Nothing to fix, with the department's note.
        Rejected = "rejected",
    }
}

super::vocabulary! {
    /// Who holds an escalation (A6): the administrator first, then the analytics department.
    EscalationLevel, "escalation level" {
        Administrator = "administrator",
        Analytics = "analytics",
    }
}

super::vocabulary! {
    /// Where an escalation stands.
    EscalationState, "escalation state" {
        Open = "open",
        Resolved = "resolved",
    }
}
