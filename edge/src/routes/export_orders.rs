//! `GET /v1/admin/shops/{shop}/orders.csv`: every order of the shop as CSV.

use crate::admin;
use crate::app::App;
use crate::auth;
use crate::cache::Cache;
use crate::error::Error;
use crate::http::{HttpRequest, HttpResponse};
use crate::platform::Platform;
use crate::store::Store;
use crate::supplier::Supplier;

/// The CSV download (`text/csv`), formula-neutralised.
pub async fn export_orders<S: Store, P: Supplier, C: Cache, X: Platform>(
    app: &App<S, P, C, X>,
    req: &HttpRequest,
    shop: &str,
) -> Result<HttpResponse, Error> {
    let shop = auth::session_shop(app, req, shop).await?;
    let fee = app.config.admin.platform_fee_bp;
    let orders = app
        .store
        .shop_orders(&shop.id)
        .await?
        .iter()
        .map(|o| admin::owner_order(o, fee))
        .collect::<Result<Vec<_>, _>>()?;
    let mut response = HttpResponse::empty(200)
        .with_header("content-type", "text/csv; charset=utf-8")
        .with_header(
            "content-disposition",
            &format!("attachment; filename=\"{}-orders.csv\"", shop.id),
        );
    response.body = admin::orders_csv(&orders).into_bytes();
    Ok(response)
}
