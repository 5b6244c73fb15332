//! The day's review (issue 7) on a store built by a scripted day of actions through the
//! command line — refusals, an override, cancels with and without evidence, an appeal resolved
//! doubled, one left waiting, a site-error credit, handoffs written and taken — whose totals are checked exactly
//! in JSON, Markdown and CSV; and who may read which report.

mod common;

use common::{Bench, stderr_of};
use serde_json::Value;
use std::collections::BTreeMap;

/// `opdesk --as WHO act …` at a given time of the demo day (Kyiv, +02:00).
fn act(bench: &Bench, at: &str, who: &str, args: &[&str]) -> std::process::Output {
    bench
        .opdesk()
        .env("OPDESK_NOW", format!("2026-11-23T{at}:00+02:00"))
        .args(["--as", who, "act"])
        .args(args)
        .output()
        .expect("run")
}

fn done(bench: &Bench, at: &str, who: &str, args: &[&str]) {
    let out = act(bench, at, who, args);
    assert!(
        out.status.success(),
        "{who} {args:?} should be done: {}{}",
        String::from_utf8_lossy(&out.stdout),
        stderr_of(&out)
    );
}

fn refused(bench: &Bench, at: &str, who: &str, args: &[&str]) {
    let out = act(bench, at, who, args);
    assert_eq!(out.status.code(), Some(3), "{who} {args:?} should be refused: {}", stderr_of(&out));
}

/// The demo shop after a scripted day at the desk.
fn scripted_day() -> Bench {
    let bench = Bench::with_demo();
    // Yesterday evening ivan left a handoff nobody has taken (#1); this morning olena leaves
    // one (#2) that maria, on duty, takes into work.
    handoff(
        &bench,
        "2026-11-22T17:00:00+02:00",
        "ivan",
        &["write", "SITE-1091", "--note", "Call before noon about the garland colour"],
    );
    handoff(
        &bench,
        "2026-11-23T08:00:00+02:00",
        "olena",
        &["write", "SITE-1068", "--note", "Waiting for the customer's address"],
    );
    handoff(&bench, "2026-11-23T09:00:00+02:00", "maria", &["take", "2"]);
    // maria takes a new order in the morning.
    done(&bench, "08:30", "maria", &["SITE-1072", "claim"]);
    // olena: a claim refused (the customer's other order is with ivan, B2), a claim and a
    // confirmation (refused once for the unstated amount, B11).
    refused(&bench, "09:05", "olena", &["SITE-1095", "claim"]);
    done(&bench, "09:10", "olena", &["SITE-1099", "claim"]);
    refused(&bench, "09:20", "olena", &["SITE-1099", "confirm"]);
    done(&bench, "09:25", "olena", &["SITE-1099", "confirm", "--amount-stated"]);
    // ivan: a duplicate cancelled (charged) and appealed; a customer's cancel appealed.
    done(&bench, "09:30", "ivan", &["TEL-2019", "cancel", "--reason", "duplicate"]);
    done(&bench, "09:45", "ivan", &["TEL-2019", "appeal", "--note", "The customer ordered twice by phone"]);
    // olena: a bare "out of stock" refused, then the same cancel with five analogs and evidence.
    refused(&bench, "10:00", "olena", &["SITE-1061", "cancel", "--reason", "out_of_stock"]);
    done(&bench, "10:05", "ivan", &["SITE-1076", "cancel", "--reason", "customer_request"]);
    done(
        &bench,
        "10:20",
        "ivan",
        &["SITE-1076", "appeal", "--note", "The customer cancelled by email; screenshot attached"],
    );
    let mut with_evidence = vec!["SITE-1061", "cancel", "--reason", "out_of_stock"];
    for sku in ["CHN-0101", "CHN-0104", "CHN-0105", "CHN-0106", "CHN-0107"] {
        with_evidence.extend(["--analog", sku]);
    }
    with_evidence.extend([
        "--evidence",
        "photo=shelf.jpg",
        "--evidence",
        "call_record=call-118",
        "--note",
        "Offered five chandeliers; the customer declined",
    ]);
    done(&bench, "10:40", "olena", &with_evidence);
    done(&bench, "11:00", "ivan", &["SITE-1013", "site-error", "--note", "Wrong photo on FLR-0402"]);
    // A8: the information department confirms it; only then is ivan credited.
    let out = bench
        .opdesk()
        .env("OPDESK_NOW", "2026-11-23T11:00:00+02:00")
        .args(["--as", "vitalina", "site-errors", "confirm", "1"])
        .output()
        .expect("run");
    assert!(out.status.success(), "{}", stderr_of(&out));
    // A cancel without evidence: the compensation is charged.
    done(
        &bench,
        "11:15",
        "olena",
        &["SITE-1096", "cancel", "--reason", "customer_request", "--note", "Changed her mind"],
    );
    // The last giant cannot be reserved (B6) — until the head of sales approves it.
    refused(&bench, "11:20", "ivan", &["SITE-1050", "reserve"]);
    done(
        &bench,
        "11:30",
        "iryna",
        &["SITE-1050", "reserve", "--override", "approved: paid in advance, pickup on Friday"],
    );
    done(&bench, "12:10", "nataliia", &["TEL-2019", "resolve-appeal", "--to", "doubled"]);
    done(&bench, "12:30", "iryna", &["SITE-1087", "transfer", "--to", "taras"]);
    refused(&bench, "13:00", "ivan", &["SITE-1065", "cancel", "--reason", "out_of_stock"]);
    handoff(
        &bench,
        "2026-11-23T13:50:00+02:00",
        "olena",
        &["write", "SITE-1060", "--note", "The customer calls back after 18:00"],
    );
    // ivan asks for the whole desk's report: refused and audited.
    let out = bench
        .opdesk()
        .env("OPDESK_NOW", "2026-11-23T13:30:00+02:00")
        .args(["--as", "ivan", "report"])
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(3), "{}", stderr_of(&out));
    bench
}

/// `opdesk --as WHO handoff …` at a given moment.
fn handoff(bench: &Bench, at: &str, who: &str, args: &[&str]) {
    let out =
        bench.opdesk().env("OPDESK_NOW", at).args(["--as", who, "handoff"]).args(args).output().expect("run");
    assert!(out.status.success(), "{who} handoff {args:?}: {}", stderr_of(&out));
}

fn report(bench: &Bench, who: &str, extra: &[&str]) -> std::process::Output {
    bench.opdesk().args(["--as", who, "report", "--date", "2026-11-23"]).args(extra).output().expect("run")
}

fn json_report(bench: &Bench, who: &str, extra: &[&str]) -> Value {
    let out = report(bench, who, &[extra, &["--format", "json"]].concat());
    assert!(out.status.success(), "report failed: {}", stderr_of(&out));
    serde_json::from_slice(&out.stdout).expect("report --format json is JSON")
}

fn amount(v: &Value) -> i64 {
    v["amount"].as_i64().unwrap_or_else(|| panic!("not money: {v}"))
}

#[test]
fn the_scripted_day_adds_up_exactly_in_json() {
    let bench = scripted_day();
    let r = json_report(&bench, "iryna", &[]);
    for field in [
        "date",
        "by_status",
        "late",
        "cancellations",
        "blocked",
        "overrides",
        "compensations",
        "handoffs",
        "operators",
    ] {
        assert!(r.get(field).is_some(), "report --json has {field}");
    }
    assert_eq!(r["date"], "2026-11-23");
    assert_eq!(r["scope"], "all");
    assert_eq!(r["time_zone"], "Europe/Kyiv");

    // What came in: the demo's 15 orders of the day, and where they are now.
    assert_eq!(r["incoming"]["orders"], 15);
    assert_eq!(r["incoming"]["handled"], 17);
    let by_status: Vec<(String, i64, i64)> = r["by_status"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| {
            (
                t["status"].as_str().unwrap().to_owned(),
                t["orders"].as_i64().unwrap(),
                t["late"].as_i64().unwrap(),
            )
        })
        .collect();
    let expected = [("new", 12, 0), ("in_work", 1, 0), ("processed", 1, 0), ("cancelled", 1, 0)]
        .map(|(s, n, late)| (s.to_owned(), n, late));
    assert_eq!(by_status, expected);
    assert_eq!(
        r["late"]["total"], 17,
        "the demo's 17 late orders (parcels on their way are not late), less SITE-1072 taken into work, plus SITE-1091's untaken handoff"
    );
    assert_eq!(r["unowned"]["total"], 24, "26 new orders in the demo, two taken today");

    // Cancellations: with evidence (waived), without (charged), doubled on appeal, appealed.
    let cancels: Vec<(String, String, String, i64, i64, String)> = r["cancellations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["order"].as_str().unwrap().to_owned(),
                c["operator"].as_str().unwrap().to_owned(),
                c["reason"].as_str().unwrap().to_owned(),
                amount(&c["order_total"]),
                amount(&c["compensation"]),
                c["state"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    let s = |t: &str| t.to_owned();
    assert_eq!(
        cancels,
        [
            (s("TEL-2019"), s("ivan"), s("duplicate"), 24900, 79800, s("doubled")),
            (s("SITE-1076"), s("ivan"), s("customer_request"), 96400, 111400, s("appealed")),
            (s("SITE-1061"), s("olena"), s("out_of_stock"), 459900, 0, s("waived")),
            (s("SITE-1096"), s("olena"), s("customer_request"), 229900, 244900, s("charged")),
        ]
    );
    assert_eq!(r["cancellations"][2]["evidence"], serde_json::json!(["photo", "call_record"]));

    // Refusals: who keeps hitting which rule.
    assert_eq!(r["refusals"].as_array().unwrap().len(), 6);
    // Only ivan's B6 reservation was lifted later, by iryna's override.
    let lifted: Vec<&Value> =
        r["refusals"].as_array().unwrap().iter().filter(|f| f["lifted"] == true).collect();
    assert_eq!(lifted.len(), 1, "{lifted:?}");
    assert_eq!(
        (&lifted[0]["order"], &lifted[0]["action"]),
        (&Value::from("SITE-1050"), &Value::from("reserve"))
    );
    let blocked: BTreeMap<(String, String), i64> = r["blocked"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| {
            (
                (b["rule"].as_str().unwrap().to_owned(), b["operator"].as_str().unwrap().to_owned()),
                b["count"].as_i64().unwrap(),
            )
        })
        .collect();
    let expected: BTreeMap<(String, String), i64> = [
        ("A1", "ivan"),
        ("A1", "olena"),
        ("A2", "ivan"),
        ("A4", "ivan"),
        ("A4", "olena"),
        ("A7", "ivan"),
        ("A7", "olena"),
        ("B11", "olena"),
        ("B2", "olena"),
        ("B6", "ivan"),
        ("review", "ivan"),
    ]
    .map(|(rule, op)| ((rule.to_owned(), op.to_owned()), 1))
    .into();
    assert_eq!(blocked, expected);

    // The override, with its written reason.
    let overrides = r["overrides"].as_array().unwrap();
    assert_eq!(overrides.len(), 1);
    assert_eq!(overrides[0]["supervisor"], "iryna");
    assert_eq!(overrides[0]["order"], "SITE-1050");
    assert_eq!(overrides[0]["rules"], serde_json::json!(["B6"]));
    assert_eq!(overrides[0]["reason"], "approved: paid in advance, pickup on Friday");

    // Money: 2 449 + 399 + 1 114 charged, 399 doubled, 20 credited.
    let c = &r["compensations"];
    assert_eq!(amount(&c["charged"]), 244900 + 39900 + 111400);
    assert_eq!(amount(&c["doubled"]), 39900);
    assert_eq!(amount(&c["waived"]), 0);
    assert_eq!(amount(&c["credited"]), 2000);
    assert_eq!(amount(&c["net"]), 434100);
    assert_eq!(
        c["lines"].as_array().unwrap().len(),
        6,
        "charge, charge, waiver at 0, credit, charge, doubling"
    );

    // The appeal left waiting, the handoffs.
    let appeals = r["appeals"].as_array().unwrap();
    assert_eq!(appeals.len(), 1);
    assert_eq!((appeals[0]["order"].as_str(), amount(&appeals[0]["charge"])), (Some("SITE-1076"), 111400));
    let written: Vec<(&str, Option<&str>)> = r["handoffs"]["written"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| (h["order"].as_str().unwrap(), h["taken_by"].as_str()))
        .collect();
    assert_eq!(written, [("SITE-1068", Some("maria")), ("SITE-1060", None)]);
    let untaken: Vec<(&str, bool)> = r["handoffs"]["untaken"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| (h["order"].as_str().unwrap(), h["overdue"].as_bool().unwrap()))
        .collect();
    assert_eq!(untaken, [("SITE-1091", true), ("SITE-1060", false)]);

    // Each operator's day.
    let day = |login: &str| {
        r["operators"].as_array().unwrap().iter().find(|o| o["operator"] == login).unwrap().clone()
    };
    let counts = |o: &Value| {
        ["claimed", "confirmed", "cancelled", "handled", "refused", "overrides"]
            .map(|k| o[k].as_i64().unwrap())
    };
    assert_eq!(counts(&day("olena")), [1, 1, 2, 6, 3, 0], "two handoffs written");
    assert_eq!(counts(&day("ivan")), [0, 0, 2, 5, 3, 0]);
    assert_eq!(counts(&day("iryna")), [0, 0, 0, 2, 0, 1]);
    assert_eq!(counts(&day("nataliia")), [0, 0, 0, 1, 0, 0], "the appeal decided by analytics");
    assert_eq!(counts(&day("maria")), [1, 0, 0, 2, 0, 0], "a claim and a handoff taken");
    assert_eq!(counts(&day("taras")), [0; 6]);
    assert_eq!(
        [amount(&day("olena")["charged"]), amount(&day("olena")["credited"]), amount(&day("olena")["net"])],
        [244900, 0, 244900]
    );
    assert_eq!(
        [amount(&day("ivan")["charged"]), amount(&day("ivan")["credited"]), amount(&day("ivan")["net"])],
        [191200, 2000, 189200]
    );

    // Hour by hour: the demo's orders as they arrived, the script's actions as they were done.
    let hours: Vec<(i64, i64)> = r["hours"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| (h["incoming"].as_i64().unwrap(), h["handled"].as_i64().unwrap()))
        .collect();
    assert_eq!(hours.len(), 24);
    let expected_in = [(7, 1), (8, 4), (9, 1), (10, 1), (11, 3), (12, 3), (13, 2)];
    let expected_done = [(8, 2), (9, 5), (10, 3), (11, 4), (12, 2), (13, 1)];
    for (hour, (incoming, handled)) in hours.iter().enumerate() {
        let want_in = expected_in.iter().find(|(h, _)| *h == hour).map_or(0, |(_, n)| *n);
        let want_done = expected_done.iter().find(|(h, _)| *h == hour).map_or(0, |(_, n)| *n);
        assert_eq!((*incoming, *handled), (want_in, want_done), "hour {hour:02}");
    }
}

#[test]
fn the_scripted_day_adds_up_exactly_in_markdown_and_csv() {
    let bench = scripted_day();
    let out = report(&bench, "iryna", &[]);
    assert!(out.status.success(), "{}", stderr_of(&out));
    let md = String::from_utf8(out.stdout).unwrap();
    assert!(md.starts_with("# Day review · Світло і Салют · 2026-11-23\n"), "{md}");
    assert!(
        md.contains(
            "**15 came in · 17 handled · 17 late now · 4 cancelled · 6 refused · 1 overridden · net compensation ₴4 341**"
        ),
        "{md}"
    );
    assert!(
        md.contains(
            "## Compensations: charged ₴3 962 · doubled ₴399 · waived ₴0 · credited ₴20 · net ₴4 341"
        ),
        "{md}"
    );
    assert!(
        md.contains(
            "| 10:40 | SITE-1061 | olena | out_of_stock | photo, call_record | ₴4 599 | ₴0 | waived |"
        ),
        "{md}"
    );
    assert!(md.contains("| 09:30 | TEL-2019 | ivan | duplicate | — | ₴249 | ₴798 | doubled |"), "{md}");
    assert!(md.contains("| review | ivan | 1 |  |"), "{md}");
    assert!(
        md.contains(
            "| 11:30 | iryna | reserve | SITE-1050 | B6 | approved: paid in advance, pickup on Friday |"
        ),
        "{md}"
    );
    assert!(md.contains("| ivan | 0 | 0 | 2 | 5 | 3 | 0 | ₴1 912 | ₴20 | ₴1 892 |"), "{md}");
    assert!(md.contains("## Appeals waiting for a decision (1)"), "{md}");
    assert!(md.contains("## Handoffs: 2 written · 2 not taken"), "{md}");
    assert!(md.contains("| 2026-11-22 17:00 | SITE-1091 | ivan | NOT TAKEN, overdue |"), "{md}");
    assert!(md.contains("## Unowned (24 open orders nobody has taken)"), "{md}");

    let out = report(&bench, "iryna", &["--format", "csv"]);
    assert!(out.status.success(), "{}", stderr_of(&out));
    let mut reader = csv::Reader::from_reader(out.stdout.as_slice());
    let header: Vec<String> = reader.headers().unwrap().iter().map(str::to_owned).collect();
    assert_eq!(
        header,
        ["section", "key", "operator", "order", "count", "amount", "currency", "at", "state", "note"]
    );
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    let find = |section: &str, key: &str, operator: &str| -> &csv::StringRecord {
        rows.iter()
            .find(|r| &r[0] == section && &r[1] == key && &r[2] == operator)
            .unwrap_or_else(|| panic!("no {section}/{key}/{operator} row"))
    };
    assert_eq!(&find("compensation_total", "net", "")[5], "4341.00");
    assert_eq!(&find("compensation_total", "charged", "")[5], "3962.00");
    assert_eq!(&find("compensation_total", "credited", "")[5], "20.00");
    assert_eq!(&find("operator", "net", "ivan")[5], "1892.00");
    assert_eq!(&find("operator", "refused", "olena")[4], "3");
    assert_eq!(&find("blocked", "A4", "olena")[4], "1");
    assert_eq!(rows.iter().filter(|r| &r[0] == "cancellation").count(), 4);
    assert_eq!(rows.iter().filter(|r| &r[0] == "refusal").count(), 6);
    assert_eq!(rows.iter().filter(|r| &r[0] == "override").count(), 1);
    let doubled = rows.iter().find(|r| &r[0] == "cancellation" && &r[3] == "TEL-2019").unwrap();
    assert_eq!((&doubled[5], &doubled[8]), ("798.00", "doubled"));
    let incoming: i64 = rows.iter().filter(|r| &r[0] == "hour").map(|r| r[4].parse::<i64>().unwrap()).sum();
    let handled: i64 =
        rows.iter().filter(|r| &r[0] == "hour_handled").map(|r| r[4].parse::<i64>().unwrap()).sum();
    assert_eq!((incoming, handled), (15, 17));
}

#[test]
fn an_operator_reads_their_own_day_but_not_the_whole_desk() {
    let bench = Bench::with_demo();
    done(&bench, "09:30", "ivan", &["TEL-2019", "cancel", "--reason", "duplicate"]);
    done(&bench, "10:00", "olena", &["SITE-1099", "claim"]);

    // The whole desk: refused by the `review` rule, exit 3, the verdict printed.
    let out = report(&bench, "olena", &[]);
    assert_eq!(out.status.code(), Some(3));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("review 2026-11-23: REFUSED") && text.contains("head of sales"), "{text}");
    assert!(stderr_of(&out).contains("--mine"), "{}", stderr_of(&out));
    // …and a colleague's day as well, in JSON too.
    let out = report(&bench, "olena", &["--operator", "ivan", "--format", "json"]);
    assert_eq!(out.status.code(), Some(3));
    let verdict: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        (verdict["allowed"].as_bool(), verdict["violations"][0]["rule"].as_str()),
        (Some(false), Some("review"))
    );

    // Both attempts are audited like any refusal.
    let out = bench.opdesk().args(["--as", "iryna", "audit", "--json"]).output().unwrap();
    let audit: Vec<Value> = serde_json::from_slice(&out.stdout).unwrap();
    let refusals: Vec<&Value> =
        audit.iter().filter(|e| e["action"] == "review" && e["outcome"] == "refused").collect();
    assert_eq!(refusals.len(), 2, "{audit:#?}");
    assert!(refusals.iter().all(|e| e["actor"] == "olena" && e["rules"] == serde_json::json!(["review"])));
    assert_eq!(refusals[1]["detail"]["draft"]["to"], "ivan");

    // Her own day: allowed, only her work.
    let mine = json_report(&bench, "olena", &["--mine"]);
    assert_eq!(mine["scope"], "olena");
    assert!(mine["unowned"].is_null(), "unowned orders are the supervisor's section");
    let operators = mine["operators"].as_array().unwrap();
    assert_eq!(operators.len(), 1);
    assert_eq!(
        (operators[0]["operator"].as_str(), operators[0]["claimed"].as_i64()),
        (Some("olena"), Some(1))
    );
    assert_eq!(operators[0]["refused"], 2, "her two refused attempts at the report are hers");
    assert!(mine["cancellations"].as_array().unwrap().is_empty(), "ivan's cancel is not in her day");
    assert_eq!(amount(&mine["compensations"]["net"]), 0);

    // The supervisor reads the whole desk and anyone's day.
    assert_eq!(json_report(&bench, "iryna", &[])["cancellations"].as_array().unwrap().len(), 1);
    let ivans = json_report(&bench, "iryna", &["--operator", "ivan"]);
    assert_eq!(amount(&ivans["compensations"]["net"]), 24900 + 15000);
}

#[test]
fn a_period_and_bad_dates() {
    let bench = Bench::with_demo();
    let out = bench
        .opdesk()
        .args(["--as", "iryna", "report", "--from", "2026-11-22", "--to", "2026-11-23", "--format", "json"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    let r: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!((r["date"].as_str(), r["to"].as_str()), (Some("2026-11-22"), Some("2026-11-23")));
    assert_eq!(r["incoming"]["orders"], 15 + 32, "the demo's orders of the 22nd and the 23rd");
    let out = bench
        .opdesk()
        .args(["--as", "iryna", "report", "--from", "2026-11-23", "--to", "2026-11-20"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", stderr_of(&out));
    let out = bench.opdesk().args(["--as", "iryna", "report", "--date", "23.11.2026"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    // Today by default: the clock's day in the shop's zone.
    let out = bench.opdesk().args(["--as", "iryna", "report", "--format", "json"]).output().unwrap();
    let r: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(r["date"], "2026-11-23");
}
