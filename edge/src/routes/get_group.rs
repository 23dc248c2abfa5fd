//! `GET /v1/shops/{shop}/groups/{group}[?shopper=]`: a group as anyone with its link
//! sees it (members' masked names, places left, deadline, status), and whether the
//! shopper asking holds a place in it.

use crate::app::App;
use crate::cache::Cache;
use crate::campaigns::group;
use crate::error::Error;
use crate::http::{HttpRequest, HttpResponse};
use crate::platform::Platform;
use crate::routes::get_bargain::shopper_param;
use crate::store::{ShopRecord, Store};
use crate::supplier::Supplier;

/// The group; never cached (it fills while shoppers watch).
pub async fn get_group<S: Store, P: Supplier, C: Cache, X: Platform>(
    app: &App<S, P, C, X>,
    shop: &ShopRecord,
    id: &str,
    req: &HttpRequest,
) -> Result<HttpResponse, Error> {
    let reader = shopper_param(req)?;
    let view = group::view(app, shop, id, reader.as_ref()).await?;
    Ok(HttpResponse::json(200, &view).with_header("cache-control", "no-store"))
}
