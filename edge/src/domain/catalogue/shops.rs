//! Finding the shop a shopper's request names, with this isolate's short-lived copy
//! of the shop records that catalogue pages read.
//!
//! A catalogue page is the widget's hottest read, and the shop record behind it
//! (markup rules, selection, allowed origins) costs two database round trips, far
//! from the database more than the page itself. So the pages (the profile, the
//! product list, a product) may use a record this isolate read at most
//! [`HELD_SECS`] ago.
//!
//! Invariants: quotes, orders and every other route read the record fresh, so money
//! is always computed from the owner's current settings; a fresh read refreshes the
//! held copy (keeping the held `Rc` when the record is unchanged, so the pages
//! rendered from it, `pages.rs`, stay good); an owner's or agent's write handled by this isolate drops every held
//! record once it is done ([`ShopMemo::clear`]), so the owner sees their change at
//! once here, and other isolates within [`HELD_SECS`]. At most [`MAX_HELD`] records
//! are held.

use crate::domain::services::Services;
use crate::ports::error::Error;
use crate::ports::prelude::*;
use crate::ports::store::{ShopRecord, Store};
use pocketshop_shared::ShopId;
use std::rc::Rc;

/// The shop `id`: the held copy when `page` (a catalogue page may use one), else
/// read fresh and held.
pub async fn find<P: Ports>(
    app: &Services<P>,
    id: &ShopId,
    page: bool,
) -> Result<Option<Rc<ShopRecord>>, Error> {
    if page {
        if let Some(shop) = app.shops.get(id, app.now) {
            return Ok(Some(shop));
        }
    }
    let Some(shop) = app.store.shop(id).await? else {
        return Ok(None);
    };
    Ok(Some(app.shops.hold(Rc::new(shop), app.now)))
}
