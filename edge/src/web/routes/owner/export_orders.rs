//! `GET /v1/admin/shops/{shop}/orders.csv`: every order of the shop as CSV.

use crate::base::http::{HttpRequest, HttpResponse};
use crate::domain::owners::auth;
use crate::domain::owners::manage;
use crate::domain::services::Services;
use crate::ports::error::Error;
use crate::ports::prelude::*;

/// The CSV download (`text/csv`), formula-neutralised.
pub async fn export_orders<P: Ports>(
    app: &Services<P>,
    req: &HttpRequest,
    shop: &str,
) -> Result<HttpResponse, Error> {
    let shop = auth::session_shop(app, req, shop).await?;
    let fee = app.config.owner_api.platform_fee_bp;
    let orders = app
        .store
        .shop_orders(&shop.id)
        .await?
        .iter()
        .map(|o| manage::owner_order(o, fee))
        .collect::<Result<Vec<_>, _>>()?;
    let mut response = HttpResponse::empty(200)
        .with_header("content-type", "text/csv; charset=utf-8")
        .with_header(
            "content-disposition",
            &format!("attachment; filename=\"{}-orders.csv\"", shop.id),
        );
    response.body = manage::orders_csv(&orders).into_bytes();
    Ok(response)
}
