//! Product wishes and show leads for their readers (A7, B14, B16): the head of analytics reads
//! what customers could not get, the show director the show leads; each with where it stands.
//! Reads only; wishes are written by the actions (`wish`, an out-of-stock `cancel`).

use super::{Desk, Result, Rulebook};
use crate::domain::Vocabulary;
use crate::domain::wish::{self, WishKind, WishState};
use crate::store::{Tx, WishRecord};
use chrono::{DateTime, FixedOffset};
use serde::Serialize;
use std::collections::BTreeMap;

/// How many wishes `opdesk wishes` lists unless told.
pub const WISH_LIMIT: usize = 200;

/// A wish as its reader sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct WishView {
    pub id: i64,
    pub at: DateTime<FixedOffset>,
    pub kind: WishKind,
    pub state: WishState,
    pub order: Option<String>,
    pub customer: Option<String>,
    pub operator: String,
    /// The catalogue product it is for, when one is.
    pub sku: Option<String>,
    pub fields: BTreeMap<String, String>,
}

impl Desk {
    /// The latest `limit` wishes and show leads (only `kind` when given), newest first.
    pub fn wishes(&self, kind: Option<WishKind>, limit: usize) -> Result<Vec<WishView>> {
        self.store.reading(|tx| -> Result<_> {
            let records = tx.wishes(kind.map(|k| k.as_str()), limit.max(1))?;
            records.into_iter().map(|r| self.book.wish_view(tx, r)).collect()
        })
    }
}

impl Rulebook {
    /// A recorded wish with its state now: a show lead is complete with B16's six fields; a
    /// product wish with every characteristic the catalogue lists and a picture (A7), and in
    /// stock once the store holds the product again.
    pub(crate) fn wish_view(&self, tx: &Tx<'_>, r: WishRecord) -> Result<WishView> {
        let filled = |k: &str| r.fields.get(k).is_some_and(|v| !v.trim().is_empty());
        let kind = if r.kind == wish::KIND_SHOW { WishKind::Show } else { WishKind::Product };
        let sku = r.fields.get(wish::SKU).filter(|s| !s.trim().is_empty()).cloned();
        let state = match kind {
            WishKind::Show if wish::SHOW_LEAD_FIELDS.iter().all(|k| filled(k)) => WishState::Complete,
            WishKind::Show => WishState::Incomplete,
            WishKind::Product => {
                let product = match &sku {
                    Some(sku) => tx.product(sku)?,
                    None => None,
                };
                match product {
                    Some(p) if p.stock > 0 => WishState::InStock,
                    Some(p) if crate::policy::wish_complete(&r.fields, &p) => WishState::Complete,
                    None if filled(wish::PICTURE) && wish::FREE_PRODUCT_FIELDS.iter().any(|k| filled(k)) => {
                        WishState::Complete
                    }
                    _ => WishState::Incomplete,
                }
            }
        };
        Ok(WishView {
            id: r.id,
            at: r.at.with_timezone(&self.shop.shop.time_zone).fixed_offset(),
            kind,
            state,
            order: r.order_id,
            customer: r.customer_id,
            operator: r.operator,
            sku,
            fields: r.fields,
        })
    }
}
