//! Dead ends: states an order can be in where no configured operator may take its next step.
//!
//! Two rules can each be right and together leave an order with nobody allowed to move it (a
//! complaint must go to a mentor, B9, while its customer's other orders send it to a plain
//! operator, B2). The shop should hear that from `opdesk rules check`, not from a customer.
//! Pure: the caller hands in the policy and the operators; the facts are generated here.
//!
//! Every open status × customer class × complaint × age-restricted goods × payment (invoice or
//! not) × who else holds the customer (nobody, or each operator) × who holds the order (for a
//! `new` order nobody; otherwise nobody or each operator), and for SuperVip customers each
//! designated operator or none; a new order also with a season task (B18) of each operator. For each state the *next step* is the action that moves the
//! order on (claim, confirm, pay, reserve/ship, deliver, receive), drafted as completely as an
//! operator could fill it in. The state is alive when some operator may take that step, or may
//! transfer the order to someone who then may (a claimed order: transfer is how work moves).

use super::{Facts, OpenOrderFacts, Policy, TaskFacts};
use crate::domain::{ActionKind, CustomerClass, Operator, OrderStatus, Payment, Role, TaskKind, Vocabulary};
use std::collections::BTreeSet;

/// A generated state in which nobody may take the order's next step.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeadEnd {
    pub status: OrderStatus,
    pub class: CustomerClass,
    pub complaint: bool,
    pub age_restricted: bool,
    pub payment: Payment,
    /// `""` for nobody.
    pub owner: String,
    /// Who holds the customer's other order in work; `""` when nobody.
    pub others_held_by: String,
    /// The SuperVip customer's designated operator; `""` when none.
    pub designated: String,
    /// Whose season task (B18, Birthday, its operator at work) the customer has; `""` when none.
    pub task_by: String,
    /// The actions that were tried (the next step, and transfer when it applies).
    pub steps: Vec<ActionKind>,
    /// The rules that refused them, across every operator.
    pub blocking: BTreeSet<String>,
}

impl std::fmt::Display for DeadEnd {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let or_nobody = |s: &str| if s.is_empty() { "nobody".to_owned() } else { s.to_owned() };
        let steps: Vec<&str> = self.steps.iter().map(|a| a.as_str()).collect();
        write!(
            f,
            "status {}, customer {}{}, complaint {}, age-restricted {}, payment {}, held by {}, \
             the customer's other order held by {}, season task of {}: nobody may {} (refused by {})",
            self.status,
            self.class,
            if self.class == CustomerClass::Supervip {
                format!(" (designated: {})", or_nobody(&self.designated))
            } else {
                String::new()
            },
            yes(self.complaint),
            yes(self.age_restricted),
            self.payment,
            or_nobody(&self.owner),
            or_nobody(&self.others_held_by),
            or_nobody(&self.task_by),
            steps.join(" or "),
            self.blocking.iter().cloned().collect::<Vec<_>>().join(", "),
        )
    }
}

fn yes(b: bool) -> &'static str {
    if b { "yes" } else { "no" }
}

/// What `find` looked at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Search {
    pub states: usize,
    pub dead_ends: Vec<DeadEnd>,
}

/// The action that moves an order on from `status`, if any (closed orders have none).
fn next_step(status: OrderStatus) -> Option<ActionKind> {
    use ActionKind as A;
    use OrderStatus as S;
    Some(match status {
        S::New => A::Claim,
        S::InWork => A::Confirm,
        S::AwaitingPayment => A::Pay,
        S::Processed | S::Reserved | S::Assembling => A::Ship,
        S::Delivered | S::AwaitingPickup => A::Receive,
        s if s.is_with_delivery() => A::Deliver,
        _ => return None,
    })
}

/// Every generated state with no way forward.
pub fn find(policy: &Policy, operators: &[Operator]) -> Search {
    let logins: Vec<String> = operators.iter().map(|o| o.login.clone()).collect();
    let holders: Vec<String> = std::iter::once(String::new()).chain(logins.iter().cloned()).collect();
    let designated_of = |class: CustomerClass| -> Vec<String> {
        if class != CustomerClass::Supervip {
            return vec![String::new()];
        }
        let mut v = vec![String::new()];
        v.extend(operators.iter().filter(|o| o.has(Role::Supervip)).map(|o| o.login.clone()));
        v
    };
    let mut search = Search { states: 0, dead_ends: Vec::new() };
    for status in OrderStatus::open() {
        for &payment in &[Payment::CashOnDelivery, Payment::Invoice] {
            let Some(step) = next_step(status) else { continue };
            for &class in CustomerClass::ALL {
                for designated in designated_of(class) {
                    for complaint in [false, true] {
                        for age_restricted in [false, true] {
                            // A season task decides who takes a new order (B18).
                            let tasks: &[String] =
                                if status == OrderStatus::New { &holders } else { &holders[..1] };
                            for (others, task_by) in
                                holders.iter().flat_map(|o| tasks.iter().map(move |t| (o, t)))
                            {
                                let state = State {
                                    status,
                                    payment,
                                    class,
                                    designated: designated.clone(),
                                    complaint,
                                    age_restricted,
                                    others: others.clone(),
                                    task_by: task_by.clone(),
                                };
                                let owners: &[String] =
                                    if status == OrderStatus::New { &holders[..1] } else { &holders };
                                for owner in owners {
                                    search.states += 1;
                                    if let Err(blocking) = state.alive(policy, operators, step, owner) {
                                        let mut steps = vec![step];
                                        if status != OrderStatus::New {
                                            steps.push(ActionKind::Transfer);
                                        }
                                        search.dead_ends.push(DeadEnd {
                                            status,
                                            class,
                                            complaint,
                                            age_restricted,
                                            payment,
                                            owner: owner.clone(),
                                            others_held_by: others.clone(),
                                            designated: designated.clone(),
                                            task_by: task_by.clone(),
                                            steps,
                                            blocking,
                                        });
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
    search
}

struct State {
    status: OrderStatus,
    payment: Payment,
    class: CustomerClass,
    designated: String,
    complaint: bool,
    age_restricted: bool,
    others: String,
    task_by: String,
}

impl State {
    /// `Ok` when someone may take `step` with the order held by `owner`, or may pass the order
    /// to someone who then may; otherwise the rules that refused.
    fn alive(
        &self,
        policy: &Policy,
        operators: &[Operator],
        step: ActionKind,
        owner: &str,
    ) -> Result<(), BTreeSet<String>> {
        let mut blocking = BTreeSet::new();
        if self.someone_may(policy, operators, step, owner, &mut blocking) {
            return Ok(());
        }
        if self.status == OrderStatus::New {
            return Err(blocking);
        }
        // A claimed order moves between people by transfer: alive when someone may pass it to
        // an operator who may then take the step.
        for to in operators.iter().filter(|o| o.login != owner) {
            if !self.someone_may(policy, operators, step, &to.login, &mut BTreeSet::new()) {
                continue;
            }
            let passes = operators.iter().any(|actor| {
                let mut facts = self.facts(actor, ActionKind::Transfer, owner);
                facts.draft.to = to.login.clone();
                facts.draft.to_roles = to.roles.clone();
                let verdict = policy.evaluate(&facts);
                blocking.extend(verdict.violations().map(|r| r.rule.clone()));
                verdict.allowed()
            });
            if passes {
                return Ok(());
            }
        }
        Err(blocking)
    }

    fn someone_may(
        &self,
        policy: &Policy,
        operators: &[Operator],
        step: ActionKind,
        owner: &str,
        blocking: &mut BTreeSet<String>,
    ) -> bool {
        operators.iter().any(|actor| {
            let verdict = policy.evaluate(&self.facts(actor, step, owner));
            blocking.extend(verdict.violations().map(|r| r.rule.clone()));
            verdict.allowed()
        })
    }

    /// The facts of `actor` taking `action` in this state, the draft filled in as completely as
    /// an operator can (every box a rule asks for ticked).
    fn facts(&self, actor: &Operator, action: ActionKind, owner: &str) -> Facts {
        let mut facts = Facts::baseline(action);
        facts.actor.login = actor.login.clone();
        facts.actor.name = actor.name.clone();
        facts.actor.roles = actor.roles.clone();
        facts.actor.on_shift = true;
        let order = &mut facts.order;
        order.status = self.status;
        order.payment = self.payment;
        order.owner = owner.to_owned();
        order.complaint = self.complaint;
        for item in &mut order.items {
            item.age_restricted = self.age_restricted;
        }
        order.summarise_items();
        let customer = &mut facts.customer;
        customer.class = self.class;
        customer.designated = self.designated.clone();
        customer.open_orders = if self.others.is_empty() {
            Vec::new()
        } else {
            vec![OpenOrderFacts {
                id: "OTHER-1".into(),
                status: OrderStatus::InWork,
                owner: self.others.clone(),
            }]
        };
        if !self.task_by.is_empty() {
            customer.tasks = vec![TaskFacts {
                id: 1,
                kind: TaskKind::Birthday,
                operator: self.task_by.clone(),
                open: true,
                valid: true,
                on_shift: true,
            }];
        }
        let draft = &mut facts.draft;
        draft.amount_stated = true;
        draft.age_confirmed = true;
        draft.note = "done as the regulations say".into();
        facts
    }
}
