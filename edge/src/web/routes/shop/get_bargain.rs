//! `GET /v1/shops/{shop}/bargains/{id}?shopper=`: a bargain as the starter and their
//! friends see it (`shopper`, when given, says whether it is theirs or they helped).

use crate::base::http::{HttpRequest, HttpResponse};
use crate::domain::community::bargain;
use crate::domain::services::Services;
use crate::ports::error::Error;
use crate::ports::prelude::*;
use crate::ports::store::ShopRecord;
use pocketshop_shared::{ApiError, ShopperId};

/// The bargain.
pub async fn get_bargain<P: Ports>(
    app: &Services<P>,
    shop: &ShopRecord,
    id: &str,
    req: &HttpRequest,
) -> Result<HttpResponse, Error> {
    let asking = shopper_param(req)?;
    let b = bargain::load(app, shop, id).await?;
    Ok(
        HttpResponse::json(200, &bargain::view(&b, app.now, asking.as_ref()))
            .with_header("cache-control", "no-store"),
    )
}

/// The optional `shopper` query parameter, checked.
pub(crate) fn shopper_param(req: &HttpRequest) -> Result<Option<ShopperId>, ApiError> {
    req.query_param("shopper")
        .filter(|s| !s.is_empty())
        .map(|s| {
            ShopperId::parse(&s).map_err(|e| ApiError::InvalidField {
                field: "shopper".into(),
                message: e.to_string(),
            })
        })
        .transpose()
}
