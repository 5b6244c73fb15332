//! The workstation's catalogs: every word exists in English, Ukrainian and Russian, every
//! action has its help line, and every word of the domain the screens show has a translation.

use opdesk::config::ConfigDirs;
use opdesk::domain::{
    ActionKind, CancelReason, Channel, CustomerClass, DueKind, EventKind, Language, OrderStatus, Role,
    Vocabulary,
};
use opdesk::tui::Action;
use opdesk::tui::i18n::Catalog;
use std::collections::BTreeSet;

fn catalog(lang: Language) -> Catalog {
    let file = ConfigDirs::embedded_only().asset_file(&format!("i18n/{}.toml", lang.as_str())).unwrap();
    Catalog::parse(&file.display_name(), &file.text).unwrap()
}

fn words<V: Vocabulary>(group: &str) -> Vec<String> {
    V::ALL.iter().map(|v| format!("{group}.{}", v.as_str())).collect()
}

#[test]
fn every_key_exists_in_every_language() {
    let keys = |l| catalog(l).keys().map(str::to_owned).collect::<BTreeSet<_>>();
    let en = keys(Language::En);
    for lang in [Language::Uk, Language::Ru] {
        let other = keys(lang);
        let missing: Vec<_> = en.difference(&other).collect();
        let extra: Vec<_> = other.difference(&en).collect();
        assert!(missing.is_empty() && extra.is_empty(), "{lang}: missing {missing:?}, not in en {extra:?}");
    }
}

#[test]
fn every_word_the_screens_need_is_there() {
    let mut needed: Vec<String> = Action::ALL.iter().map(|a| format!("action.{}", a.name())).collect();
    needed.extend(words::<OrderStatus>("status"));
    needed.extend(words::<ActionKind>("act"));
    needed.extend(words::<CancelReason>("reason"));
    needed.extend(words::<Channel>("channel"));
    needed.extend(words::<CustomerClass>("class"));
    needed.extend(words::<Role>("role"));
    needed.extend(words::<EventKind>("event"));
    needed.extend(words::<DueKind>("due_kind"));
    for lang in Language::ALL {
        let c = catalog(*lang);
        let missing: Vec<_> = needed.iter().filter(|k| c.get(k).is_none()).collect();
        assert!(missing.is_empty(), "{lang}: missing {missing:?}");
    }
}

#[test]
fn queue_words_fit_their_columns() {
    use unicode_width::UnicodeWidthStr;
    for lang in Language::ALL {
        let c = catalog(*lang);
        for key in words::<OrderStatus>("status") {
            let text = c.get(&key).unwrap_or_default();
            assert!(text.width() <= 11, "{lang} {key} {text:?} is wider than the status column");
        }
    }
}
