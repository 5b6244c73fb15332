//! A broken rules file is refused at load, with a message that names the file, the rule and
//! what is wrong, so whoever edited it can fix it without reading Rust.

use opdesk::policy::{Policy, RulesError};

/// A valid rule file with one rule, into which each test splices its mistake.
fn with_rule(rule_body: &str) -> String {
    format!(
        "[params]\nmin_analogs = 5\n\n[[rule]]\nid = \"A4\"\nactions = [\"cancel\"]\nmessage = \"Five analogs\"\n{rule_body}\n"
    )
}

const CHECK: &str =
    "[[rule.check]]\nlabel = \"At least 5 analogs\"\nexpr = \"size(draft.analogs) >= params.min_analogs\"";

fn refused(files: &[(&str, &str)]) -> (RulesError, String) {
    let sources: Vec<(String, String)> = files.iter().map(|(n, t)| (n.to_string(), t.to_string())).collect();
    match Policy::load(&sources) {
        Ok(_) => panic!("the broken rules were accepted"),
        Err(e) => {
            let text = e.to_string();
            (e, text)
        }
    }
}

fn refused_one(text: &str) -> String {
    refused(&[("shop/rules.toml", text)]).1
}

fn assert_names(message: &str, parts: &[&str]) {
    for part in parts {
        assert!(message.contains(part), "{message:?} does not mention {part:?}");
    }
}

#[test]
fn the_well_formed_base_loads() {
    let sources = vec![(
        "shop/rules.toml".to_owned(),
        with_rule(&format!("when = \"draft.reason == 'out_of_stock'\"\n{CHECK}")),
    )];
    assert!(Policy::load(&sources).is_ok());
}

#[test]
fn a_toml_syntax_error_names_the_file_the_line_and_the_rule() {
    let message = refused_one(&with_rule(&format!("when = \"draft.reason == 'x'\n{CHECK}")));
    assert_names(&message, &["shop/rules.toml:8:", "rule A4"]);
}

#[test]
fn an_unknown_field_in_a_rule_is_refused() {
    let message = refused_one(&with_rule(&format!("whne = \"true\"\n{CHECK}")));
    assert_names(&message, &["shop/rules.toml", "rule A4", "unknown field `whne`"]);
}

#[test]
fn an_unknown_field_in_a_check_is_refused() {
    let message = refused_one(&with_rule(&format!("{CHECK}\nlable = \"typo\"")));
    assert_names(&message, &["shop/rules.toml", "rule A4", "unknown field `lable`"]);
}

#[test]
fn an_unknown_top_level_table_is_refused() {
    let message = refused_one(&format!("[parms]\nx = 1\n{}", with_rule(CHECK)));
    assert_names(&message, &["shop/rules.toml:1:", "unknown field `parms`"]);
}

#[test]
fn a_cel_syntax_error_is_refused_with_the_expression() {
    let (err, message) =
        refused(&[("shop/rules.toml", &with_rule(&format!("when = \"draft.reason == \"\n{CHECK}")))]);
    assert!(matches!(err, RulesError::Expression(_)), "{err:?}");
    assert_names(&message, &["shop/rules.toml", "rule A4", "when", "draft.reason ==", "syntax error"]);
}

#[test]
fn a_condition_that_is_not_a_bool_is_refused() {
    let message = refused_one(&with_rule(&format!("when = \"order.total\"\n{CHECK}")));
    assert_names(
        &message,
        &["shop/rules.toml", "rule A4", "when `order.total`", "yields int", "expected bool"],
    );
}

#[test]
fn a_stake_that_is_not_an_int_is_refused() {
    let message = refused_one(&with_rule(&format!("stake = \"order.total > 0\"\n{CHECK}")));
    assert_names(&message, &["rule A4", "stake", "yields bool", "expected int"]);
}

#[test]
fn an_unknown_fact_is_refused_even_in_a_branch_the_sample_skips() {
    let message =
        refused_one(&with_rule(&format!("when = \"draft.reason == 'never' && order.nope > 0\"\n{CHECK}")));
    assert_names(&message, &["shop/rules.toml", "rule A4", "unknown field `order.nope`"]);
}

#[test]
fn an_unknown_item_field_inside_a_macro_is_refused() {
    let check = "[[rule.check]]\nlabel = \"In stock\"\nexpr = \"order.items.all(i, i.stok >= i.qty)\"";
    let message = refused_one(&with_rule(check));
    assert_names(&message, &["rule A4", "check \"In stock\"", "`i.stok`"]);
}

#[test]
fn an_unknown_parameter_is_refused() {
    let check = "[[rule.check]]\nlabel = \"Analogs\"\nexpr = \"size(draft.analogs) >= params.min_analogz\"";
    let message = refused_one(&with_rule(check));
    assert_names(&message, &["shop/rules.toml", "rule A4", "unknown parameter `params.min_analogz`"]);
}

#[test]
fn an_unknown_action_is_refused_with_the_known_ones() {
    let text = with_rule(CHECK).replace("[\"cancel\"]", "[\"cancle\"]");
    let (err, message) = refused(&[("shop/rules.toml", &text)]);
    assert!(matches!(err, RulesError::UnknownAction { .. }), "{err:?}");
    assert_names(&message, &["shop/rules.toml", "rule A4", "\"cancle\"", "cancel", "no-answer"]);
}

#[test]
fn a_duplicate_rule_id_is_refused_naming_both_files() {
    let text = with_rule(CHECK);
    let other = "[[rule]]\nid = \"A4\"\nactions = [\"cancel\"]\nmessage = \"again\"\n[[rule.check]]\nlabel = \"x\"\nexpr = \"true\"\n";
    let (err, message) = refused(&[("shop/rules.toml", &text), ("shop/extra.toml", other)]);
    assert!(matches!(err, RulesError::DuplicateRule { .. }), "{err:?}");
    assert_names(&message, &["shop/extra.toml", "rule A4", "shop/rules.toml"]);
}

#[test]
fn a_parameter_defined_in_two_files_is_refused() {
    let (_, message) = refused(&[("a.toml", "[params]\nx = 1\n"), ("b.toml", "[params]\nx = 2\n")]);
    assert_names(&message, &["b.toml", "\"x\"", "a.toml"]);
}

#[test]
fn a_rule_without_checks_is_refused() {
    let message = refused_one(&with_rule(""));
    assert_names(&message, &["shop/rules.toml", "rule A4", "no [[rule.check]]"]);
}

#[test]
fn a_waiver_naming_no_rule_is_refused() {
    let money = "[[money]]\nrule = \"A3\"\nactions = [\"cancel\"]\nkind = \"charge\"\namount = \"order.total\"\nmessage = \"m\"\nwaived_by = [\"A44\"]\n";
    let message = refused_one(&format!("{}{money}", with_rule(CHECK)));
    assert_names(&message, &["shop/rules.toml", "rule A3", "\"A44\""]);
}

#[test]
fn an_unknown_override_role_is_refused() {
    let message = refused_one(&format!("[override]\nroles = [\"boss\"]\n{}", with_rule(CHECK)));
    assert_names(&message, &["shop/rules.toml", "[override]", "\"boss\"", "supervisor"]);
}

#[test]
fn a_money_amount_with_a_typo_is_refused() {
    let money = "[[money]]\nrule = \"A3\"\nactions = [\"cancel\"]\nkind = \"charge\"\namount = \"order.totl + 15000\"\nmessage = \"m\"\n";
    let message = refused_one(&format!("{}{money}", with_rule(CHECK)));
    assert_names(&message, &["rule A3", "amount", "`order.totl`"]);
}
