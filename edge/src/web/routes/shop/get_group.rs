//! `GET /v1/shops/{shop}/groups/{group}[?shopper=]`: a group as anyone with its link
//! sees it (members' masked names, places left, deadline, status), and whether the
//! shopper asking holds a place in it.

use crate::base::http::{HttpRequest, HttpResponse};
use crate::domain::community::campaigns::group;
use crate::domain::services::Services;
use crate::ports::error::Error;
use crate::ports::prelude::*;
use crate::ports::store::ShopRecord;
use crate::web::routes::shop::get_bargain::shopper_param;

/// The group; never cached (it fills while shoppers watch).
pub async fn get_group<P: Ports>(
    app: &Services<P>,
    shop: &ShopRecord,
    id: &str,
    req: &HttpRequest,
) -> Result<HttpResponse, Error> {
    let reader = shopper_param(req)?;
    let view = group::view(app, shop, id, reader.as_ref()).await?;
    Ok(HttpResponse::json(200, &view).with_header("cache-control", "no-store"))
}
